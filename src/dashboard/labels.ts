/**
 * Names of keys in Chinese and English, read from the API's own schema descriptions ("予以公开 · Granted"), so the
 * dashboard and the API never disagree on what a key means.
 */
import { graphql } from './api';
import type { Label } from './dom';

export type TableKey = 'proactive' | 'applications' | 'review_litigation';

export interface Column {
  key: string;
  label: Label;
}

export interface Labels {
  category: Record<string, Label>;
  row: Record<string, Label>;
  rule: Record<string, Label & { detail: string }>;
  /** The compliance scorecard's items. */
  item: Record<string, Label & { detail: string }>;
  code: Record<string, string>;
  /** Each table's columns, in the schema's order (the printed one). */
  columns: Record<TableKey, Column[]>;
}

/** Levels have no descriptions in the schema. */
export const LEVELS: Record<string, Label> = {
  province: { zh: '省级', en: 'province' },
  city: { zh: '市级', en: 'city' },
  county: { zh: '县级', en: 'county' },
  township: { zh: '乡镇', en: 'township' },
  department: { zh: '部门', en: 'department' },
};

export const levelLabel = (level: string | null | undefined): Label =>
  level ? (LEVELS[level] ?? { zh: level, en: level }) : { zh: '未知', en: 'unknown' };

const LABELS_QUERY = `{
  category: __type(name: "DispositionCategory") { enumValues { name description } }
  row: __type(name: "ApplicationRowKey") { enumValues { name description } }
  rule: __type(name: "RuleKey") { enumValues { name description } }
  item: __type(name: "ScorecardItemKey") { enumValues { name description } }
  code: __type(name: "FindingCode") { enumValues { name description } }
  proactive: __type(name: "ProactiveRow") { fields { name description type { name } } }
  applications: __type(name: "ApplicationRow") { fields { name description type { name } } }
  review_litigation: __type(name: "ReviewLitigationRow") { fields { name description type { name } } }
}`;

interface Described {
  name: string;
  description: string | null;
  type?: { name: string | null };
}

/** "本机关不掌握相关政府信息 · Unable: not held (format 2019, 2021)" → zh and en. */
function split(d: Described): Label {
  const [zh, en = ''] = (d.description ?? d.name).split(' · ');
  return { zh: zh.trim(), en: en.replace(/\s*\(format [^)]*\)\s*$/, '').trim() };
}

const byName = <T>(list: Described[], f: (d: Described) => T) => Object.fromEntries(list.map((d) => [d.name, f(d)]));

/** "收支平衡: per applications column: …" → the Chinese name, the key in words, and the rest. */
function keyed(d: Described): Label & { detail: string } {
  const [zh, ...rest] = (d.description ?? d.name).split(': ');
  return { zh, en: d.name.replace(/_/g, ' '), detail: rest.join(': ') };
}

export async function loadLabels(): Promise<Labels> {
  const t = await graphql<Record<string, { enumValues?: Described[]; fields?: Described[] }>>(LABELS_QUERY);
  const columns = (table: TableKey) =>
    t[table].fields!.filter((f) => f.type?.name === 'CellValue').map((f) => ({ key: f.name, label: split(f) }));
  return {
    category: byName(t.category.enumValues!, split),
    row: byName(t.row.enumValues!, split),
    // "收支平衡: per applications column: received_new + …"
    rule: byName(t.rule.enumValues!, keyed),
    // "按时公布: published by the deadline …"
    item: byName(t.item.enumValues!, keyed),
    code: byName(t.code.enumValues!, (d) => d.description ?? d.name),
    columns: {
      proactive: columns('proactive'),
      applications: columns('applications'),
      review_litigation: columns('review_litigation'),
    },
  };
}

/** The handling rows of a category: FORMAT.md's row keys start with their category's key. */
export const rowsOf = (labels: Labels, category: string) =>
  Object.keys(labels.row).filter((r) => r === category || r.startsWith(`${category}_`));

/** Every handling row (those of some category), in the schema's order. */
export const handlingRows = (labels: Labels) =>
  Object.keys(labels.row).filter((r) => Object.keys(labels.category).some((c) => rowsOf(labels, c).includes(r)));
