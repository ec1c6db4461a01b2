/** Which body of a division published a report: its government, the government's office, a department, a zone. */

/**
 * - `government`: the people's government of a province, city or county (人民政府);
 * - `office`: its general office (人民政府办公室, 办公厅);
 * - `department`: one of its departments (发展和改革局, 审计局 …), or a zone's;
 * - `township`: a township's or town's government, or a street office (街道办事处);
 * - `zone`: a development zone or area's administrative committee (管委会).
 */
export const ORGAN_KINDS = ['government', 'office', 'department', 'township', 'zone'] as const;
export type OrganKind = (typeof ORGAN_KINDS)[number];

export interface Organ {
  kind: OrganKind;
  /** A department's name, in its full form (发展和改革局 for 发改局); null for the other kinds. */
  name: string | null;
}

/** Departments' full names and the short forms reports print (发改局 = 发展和改革局). */
export const DEPARTMENTS: [full: string, ...short: string[]][] = [
  ['发展和改革委员会', '发改委', '发展改革委'],
  ['发展和改革局', '发改局', '发展改革局'],
  ['住房和城乡建设局', '住建局', '住房城乡建设局'],
  ['住房和城乡建设厅', '住建厅', '住房城乡建设厅'],
  ['人力资源和社会保障局', '人社局', '人力资源社会保障局'],
  ['人力资源和社会保障厅', '人社厅', '人力资源社会保障厅'],
  ['市场监督管理局', '市场监管局'],
  ['自然资源和规划局', '自然资源规划局', '资规局'],
  ['卫生健康委员会', '卫健委', '卫生健康委'],
  ['卫生健康局', '卫健局'],
  ['教育体育局', '教体局'],
  ['文化广电和旅游局', '文广旅局', '文化广电旅游局', '文旅局'],
  ['文化和旅游局', '文化旅游局'],
  ['工业和信息化局', '工信局', '工业信息化局'],
  ['工业和信息化厅', '工信厅'],
  ['科学技术局', '科技局'],
  ['科学技术厅', '科技厅'],
  ['退役军人事务局', '退役军人局'],
  ['应急管理局', '应急局'],
  ['医疗保障局', '医保局'],
  ['行政审批服务局', '审批局', '行政审批局'],
  ['交通运输局', '交通局'],
  ['城市管理局', '城管局'],
  ['城市管理和综合执法局', '城市管理综合执法局', '城管执法局'],
  ['农业农村局', '农业局'],
  ['生态环境局', '环保局'],
  ['机关事务管理局', '机关事务局'],
  ['政务服务和数据管理局', '政数局', '政务服务数据管理局'],
  ['国有资产监督管理委员会', '国资委'],
  ['民族宗教事务局', '民宗局'],
  ['人民防空办公室', '人防办'],
  ['地方金融监督管理局', '金融局', '金融监管局'],
  ['统计局'],
  ['审计局'],
  ['财政局'],
  ['民政局'],
  ['司法局'],
  ['公安局'],
  ['商务局'],
  ['水利局'],
  ['林业局'],
  ['信访局'],
  ['档案局'],
  ['教育局'],
  ['体育局'],
  ['税务局'],
  ['乡村振兴局'],
  ['粮食和物资储备局', '粮储局'],
];

const BY_FORM = new Map<string, string>(
  DEPARTMENTS.flatMap(([full, ...short]) => [full, ...short].map((f) => [f, full])),
);

/** How a body's name ends: what a department, office or committee is called. */
const BODY = /^[\u3400-\u9fff（）()]{2,30}?(局|委员会|委|办公室|办公厅|中心|办|院|署|站|所|队|厅|处|馆)$/;

export type DivisionKind = 'government' | 'township' | 'zone';

/**
 * The organ a name's remainder names once its places are read off: 人民政府 → the government, 政府办公室 → its office,
 * 发改局 → the department 发展和改革局. null when the remainder names no body (not a report's publisher).
 */
export function organOf(rest: string, of: DivisionKind): Organ | null {
  const own = of === 'government' ? 'government' : of;
  if (rest === '' || rest === '人民政府' || rest === '政府') return { kind: own, name: null };
  if (of === 'township' && (rest === '办事处' || rest === '街道办事处')) return { kind: 'township', name: null };
  if (of === 'zone' && /^(党工委)?(管委会|管理委员会)$/.test(rest)) return { kind: 'zone', name: null };
  if (of !== 'township' && /^(人民)?政府办(公室|公厅)?$|^办公厅$/.test(rest)) return { kind: 'office', name: null };
  const department = rest.replace(/^(人民)?政府/, '');
  const full = BY_FORM.get(department);
  if (full) return { kind: 'department', name: full };
  // A department the list does not know keeps its printed name; 委办公室 (a party committee's) is not the government's.
  if (BODY.test(department) && !/^(委|党)/.test(department)) return { kind: 'department', name: department };
  return null;
}
