/** The names a division answers to besides its own, as reports print them. */

/**
 * - `name`: its own name (丰城市);
 * - `variant`: a usual equivalent (大才乡 for 大才回族乡, 漓东街道 for 漓东街道办事处, 大通县 for 大通回族土族自治县);
 * - `stem`: a province, city or county without its unit (江苏, 淮安, 丰城), two characters at least;
 * - `local`: a name that means the division only under its parent (经济技术开发区 under 淮安市 for 淮安经济技术开发区).
 */
export type NameKind = 'name' | 'variant' | 'stem' | 'local';

/** The 55 ethnic minorities' names as autonomous divisions and ethnic townships print them (before 族). */
const ETHNIC = [
  '蒙古',
  '回',
  '藏',
  '维吾尔',
  '苗',
  '彝',
  '壮',
  '布依',
  '朝鲜',
  '满',
  '侗',
  '瑶',
  '白',
  '土家',
  '哈尼',
  '哈萨克',
  '傣',
  '黎',
  '傈僳',
  '佤',
  '畲',
  '高山',
  '拉祜',
  '水',
  '东乡',
  '纳西',
  '景颇',
  '柯尔克孜',
  '土',
  '达斡尔',
  '仫佬',
  '羌',
  '布朗',
  '撒拉',
  '毛南',
  '仡佬',
  '锡伯',
  '阿昌',
  '普米',
  '塔吉克',
  '怒',
  '乌孜别克',
  '俄罗斯',
  '鄂温克',
  '德昂',
  '保安',
  '裕固',
  '京',
  '塔塔尔',
  '独龙',
  '鄂伦春',
  '赫哲',
  '门巴',
  '珞巴',
  '基诺',
]
  .sort((a, b) => b.length - a.length)
  .join('|');

/** 大才回族乡 → 大才 + 乡; 大通回族土族自治县 → 大通 + 县; 延边朝鲜族自治州 → 延边 + 州. */
const ETHNIC_UNIT = new RegExp(`^(.{2,}?)(?:(?:${ETHNIC})族)+(?:自治)?(乡|镇|苏木|县|旗|州)$`);
/** 广西壮族自治区 → 广西, 内蒙古自治区 → 内蒙古. */
const AUTONOMOUS_REGION = new RegExp(`^(.{2,}?)(?:(?:${ETHNIC})族)*自治区$`);
/** Units a province, city or county name ends in; 滨海新区 keeps its 新区 (滨海新 is no name). */
const UNIT = /^(.{2,}?)(特别行政区|省|市|地区|盟|州|林区|特区|县|区|旗)$/;

export interface Named {
  code: string;
  name: string;
  level: string;
}

export function namesOf(d: Named, parentName: string | null): { name: string; kind: NameKind }[] {
  // A county-level stand-in named as its city (东莞市 in 东莞市) adds no name: the city answers to it.
  if (d.name === parentName) return [];
  const out: { name: string; kind: NameKind }[] = [{ name: d.name, kind: 'name' }];
  const add = (name: string | undefined, kind: NameKind) => {
    if (name && name.length >= 2 && name !== d.name) out.push({ name, kind });
  };
  if (d.name.endsWith('街道办事处')) add(d.name.slice(0, -3), 'variant');
  else if (d.name.endsWith('街道')) add(`${d.name}办事处`, 'variant');
  // The ethnic patterns are long alternations: tried only on names that can match them (fast loading).
  const ethnic = d.name.includes('族') ? ETHNIC_UNIT.exec(d.name) : null;
  if (ethnic) add(ethnic[1] + ethnic[2], 'variant');
  if (d.level === 'province' || d.level === 'prefecture' || d.level === 'county') {
    const region = d.name.endsWith('自治区') ? AUTONOMOUS_REGION.exec(d.name) : null;
    const unit = UNIT.exec(ethnic ? ethnic[1] + ethnic[2] : d.name);
    if (region) add(region[1], 'stem');
    else if (unit && !d.name.endsWith('新区')) add(unit[1], 'stem');
  }
  if (d.level === 'zone' && parentName) for (const local of localNames(d.name, parentName)) add(local, 'local');
  return out;
}

/**
 * A zone's name less its parent's place names, as printed after them: 淮安经济技术开发区 under 淮安市 → 经济技术开发区;
 * 秦皇岛市经济技术开发区 → 经济技术开发区; 洪泽经济开发区 under 洪泽区 → 经济开发区.
 */
function localNames(name: string, parentName: string): string[] {
  const parentStem = UNIT.exec(parentName)?.[1];
  const out: string[] = [];
  for (const prefix of [parentName, parentStem]) {
    if (!prefix) continue;
    const at = name.indexOf(prefix);
    // The parent's name may follow a province's (河北唐山芦台经济开发区): anything up to it goes too.
    if (at >= 0 && at <= 3 && name.length - at - prefix.length >= 3) out.push(name.slice(at + prefix.length));
  }
  return out;
}
