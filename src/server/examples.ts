/**
 * Example queries answering real questions: preloaded as tabs in the query editor and shown, with their answers on
 * the bundled reports, in the README (scripts/readme-examples.ts writes that section; a test keeps it current).
 */
export interface Example {
  title: string;
  query: string;
}

export const EXAMPLES: Example[] = [
  {
    title: 'Requests received per agency and year, and how they were handled',
    query: `query RequestsPerAgencyAndYear {
  reports {
    nodes {
      year
      agency { name }
      received: metric(key: received_new)
      handled: metric(key: total_handled)
      disclosureRate: metric(key: disclosure_rate)
    }
  }
  dispositionBreakdown(groupBy: [AGENCY, YEAR], detail: CATEGORY) {
    agencyName year category count share
  }
}`,
  },
  {
    title: 'Which agencies answer 本机关不掌握 (information not held) most often',
    query: `query NotHeldMostOften {
  dispositionBreakdown(groupBy: [AGENCY], detail: ROW, rows: [unable_not_held], orderBy: COUNT_DESC, first: 10) {
    agencyName row count handled share
  }
}`,
  },
  {
    title: 'Procurement totals by county in 2020 (format 2019 only)',
    query: `query ProcurementByCounty2020 {
  procurementTotals(filter: { years: [2020] }, groupBy: [COUNTY]) {
    countyCode countyName projects amount_wan reports reportsUnitAssumed
  }
}`,
  },
  {
    title: 'Where the agencies are: divisions with reports, and the agencies of one province',
    query: `query WhereTheAgenciesAre {
  divisions(depth: CITY) {
    code name level parentCode year reports agencies
  }
  agencies(filter: { province: "河南" }) {
    nodes { name divisionCode level organ { kind name } city { name } county { name } township { name } }
  }
}`,
  },
  {
    title: 'Review and litigation correction rates by year',
    query: `query CorrectionRatesByYear {
  reviewLitigation(groupBy: [YEAR]) {
    year kind upheld corrected other pending total correctionRate reports
  }
}`,
  },
  {
    title: 'Two agencies compared across years',
    query: `query CompareTwoAgencies {
  compareAgencies(agencyIds: [1, 5], years: [2019, 2020], metrics: [received_new, disclosure_rate, not_held_rate]) {
    agencyName year metric value previousValue change
  }
}`,
  },
  {
    title: 'Where a number comes from: cells with their provenance, and what the parser was unsure of',
    query: `query Provenance {
  reports(filter: { nameContains: "湛河区" }) {
    nodes {
      agency { fullName divisionCode level county { code name } }
      year format
      applications { key natural_person { value raw sourceFile line } total { value } }
    }
  }
  report(id: 4) {
    agency { name }
    findings { code severity line rowKey message }
  }
}`,
  },
  {
    title: 'How to read a bucket: every report of 2020 accounted for',
    query: `query ReadingABucket {
  dispositionBreakdown(filter: { years: [2020] }, detail: CATEGORY, rows: [unable_not_held, unable_needs_creation, unable_unclear]) {
    category count handled share
    reports reportsUsed reportsBlank reportsMissing reportsNotPrinted reportsExcluded reportsViolating
  }
  reviewLitigation(filter: { years: [2020] }) {
    kind total correctionNumerator correctionDenominator correctionRate reports reportsUsed reportsBlank
  }
}`,
  },
];
