/** The standard queries of the benchmark and the load test (issue 4's list, plus a top-100). */
export const STANDARD_QUERIES: { name: string; query: string }[] = [
  {
    name: 'disposition breakdown by year',
    query: '{ dispositionBreakdown(groupBy: [YEAR]) { year category count handled share reports } }',
  },
  {
    name: 'disposition breakdown by agency, one year',
    query:
      '{ dispositionBreakdown(filter: { years: [2021] }, groupBy: [AGENCY]) { agencyId agencyName category count share } }',
  },
  {
    name: 'top 100 agencies by 本机关不掌握, one year',
    query:
      '{ dispositionBreakdown(filter: { years: [2021] }, groupBy: [AGENCY], detail: ROW, rows: [unable_not_held], orderBy: COUNT_DESC, first: 100) { agencyName count share } }',
  },
  {
    name: 'procurement totals by region',
    query: '{ procurementTotals(groupBy: [REGION]) { region projects amount_wan reports reportsUnitAssumed } }',
  },
  {
    name: 'review correction rate by year',
    query: '{ reviewLitigation(groupBy: [YEAR]) { year kind corrected pending total correctionRate } }',
  },
  {
    name: 'compareAgencies, 10 agencies × 5 years',
    query: `{ compareAgencies(agencyIds: [1,2,3,4,5,6,7,8,9,10], years: [2019,2020,2021,2022,2023], metrics: [received_new, disclosure_rate, not_held_rate, review_correction_rate]) { agencyId year metric value change } }`,
  },
  {
    name: 'facts, a page of 1,000 rows',
    query: '{ facts(first: 1000) { nodes { agencyId year table row column value line } pageInfo { endCursor } } }',
  },
];
