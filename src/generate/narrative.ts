/**
 * The narrative sections of a synthetic report: body sentences drawn from templates with words of their own (so two
 * reports drawn independently share little text, as two agencies' reports do), and sentences stating the report's
 * own figures (so the parser's prose check has something to compare). A copy takes another report's body with the
 * agency's name swapped, as copied reports do.
 */
import type { SyntheticReport } from './model';

export interface Narrative {
  /** Sentences stating the report's figures, opening the overview. */
  figures: string;
  /** The rest of the overview, the problems and the other matters: what a copy takes. */
  body: { overview: string; problems: string; other: string };
}

const PLACE = '东西南北中新安平和兴福德仁义礼智信永昌盛泰华阳明光春秋山河湖塘桥林石溪'.split('');
const THINGS = ['专栏', '平台', '工程', '行动', '机制', '系统', '窗口', '清单', '台账', '目录'];

const OVERVIEW = [
  '{name}围绕{w}建设，梳理公开事项{n}项，逐项明确责任科室和公开时限',
  '依托{w}集中发布政策文件，同步推出{w}图解和问答',
  '坚持{w}与{w}同步推进，对涉及群众切身利益的事项做到应公开尽公开',
  '组织开展{w}专题培训{n}次，覆盖机关干部和村（社区）信息员',
  '修订{w}制度，把保密审查嵌入{w}发布流程',
  '在{w}设置政务公开专区，提供查阅、咨询和申请受理服务',
  '{name}将{w}纳入年度目标管理，与{w}一并部署、一并考核',
  '围绕乡村振兴、民生保障等领域，在{w}持续更新{w}信息',
  '建立{w}月度通报制度，对更新不及时的栏目督促整改',
  '通过{w}、{w}等渠道解读重要政策，回应社会关切',
  '完成{w}迁移整合，清理过期信息并规范栏目设置',
  '对{w}开展自查，逐条核对{w}内容的准确性和时效性',
  '规范依申请公开办理流程，实行{w}登记、{w}审核、按期答复',
  '落实政府信息公开工作责任制，{name}主要负责同志专题研究{w}事项',
  '推进决策公开，重大事项通过{w}公开征求意见',
  '加强{w}日常维护，确保{w}安全稳定运行',
  '健全{w}协调机制，明确{w}工作分工',
  '编制并更新{w}和公开指南，方便公众查询',
  '结合{w}开展政务开放活动，邀请群众代表参与{w}',
  '把{w}与基层政务公开标准化规范化建设结合起来，形成{w}',
  '定期检查{w}，对发现的问题建立{w}并限期整改',
  '在便民服务中心设置{w}，配备专人解答群众咨询',
  '利用{w}推送惠民政策，提高{w}知晓率',
  '按照{w}要求，做好规范性文件的合法性审查和公开',
];

const PROBLEMS = [
  '一是{w}信息更新还不够及时，个别栏目内容较少',
  '二是政策解读形式比较单一，{w}运用不够充分',
  '三是工作人员业务能力有待提升，对{w}要求理解不够深入',
  '四是依申请公开办理的规范化水平有待提高，{w}衔接不够顺畅',
  '下一步，{name}将加强{w}建设，完善{w}更新机制',
  '持续开展{w}业务培训，提高信息员的政策水平和业务能力',
  '丰富{w}解读方式，更多运用图表、视频等形式解读政策',
  '强化{w}考核督查，把公开工作落实情况纳入{w}',
  '加强{w}与{w}的联动，提升公开实效',
];

const OTHER = [
  '本年度未收取信息处理费',
  '{name}按要求落实了人大代表建议和政协委员提案办理结果公开工作',
  '本年度未发生因政府信息公开引起的责任追究情况',
];

/** A draw of k distinct items, in random order. */
function draw<T>(random: () => number, items: readonly T[], k: number): T[] {
  const pool = [...items];
  const out: T[] = [];
  while (out.length < k && pool.length > 0) out.push(pool.splice(Math.floor(random() * pool.length), 1)[0]);
  return out;
}

function fill(random: () => number, template: string, name: string): string {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
  return template
    .replace(/\{name\}/g, name)
    .replace(/\{w\}/g, () => `${pick(PLACE)}${pick(PLACE)}${pick(THINGS)}`)
    .replace(/\{n\}/g, () => String(2 + Math.floor(random() * 30)));
}

const sentences = (random: () => number, pool: string[], k: number, name: string) =>
  draw(random, pool, k)
    .map((t) => `${fill(random, t, name)}。`)
    .join('');

/** A new body, drawn for this report. */
export function drawBody(random: () => number, name: string): Narrative['body'] {
  return {
    overview: sentences(random, OVERVIEW, 8, name),
    problems: sentences(random, PROBLEMS, 5, name),
    other: sentences(random, OTHER, 2, name),
  };
}

/** Another report's body as a copy takes it: its agency's name swapped for this one's, and a sentence added. */
export function copyBody(random: () => number, from: SyntheticReport, name: string): Narrative['body'] {
  const swap = (s: string) => s.split(from.agency.name).join(name);
  return {
    overview: `${swap(from.narrative.body.overview)}${sentences(random, OVERVIEW, 1, name)}`,
    problems: swap(from.narrative.body.problems),
    other: swap(from.narrative.body.other),
  };
}

/**
 * The sentences stating the report's figures: requests received (stated `offset` off the table when a mismatch is
 * planted), granted, and reviews. A figure whose cell is blank is not stated.
 */
export function figureSentences(r: Pick<SyntheticReport, 'year' | 'cells'>, offset = 0): string {
  const total = (table: string, row: string) =>
    r.cells.find((c) => c.table === table && c.row === row && c.column === 'total')?.value ?? null;
  const received = total('applications', 'received_new');
  const granted = total('applications', 'granted');
  const review = total('review_litigation', 'review');
  const parts: string[] = [];
  if (received !== null) parts.push(`${r.year}年全年共收到政府信息公开申请${received + offset}件`);
  if (granted !== null) parts.push(`其中予以公开${granted}件`);
  const out = parts.length > 0 ? `${parts.join('，')}。` : '';
  return review === null ? out : `${out}因政府信息公开被申请行政复议${review}件。`;
}
