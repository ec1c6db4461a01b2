/** Column shorthands for migrations (TypeORM's portable Table API). */
import type { TableColumnOptions } from 'typeorm/schema-builder/options/TableColumnOptions';

export const id = (table: string): TableColumnOptions => ({
  name: 'id',
  type: 'integer',
  isPrimary: true,
  isGenerated: true,
  generationStrategy: 'increment',
  primaryKeyConstraintName: `pk_${table}`,
});
export const varchar = (name: string, length: number, isNullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable,
});
export const integer = (name: string, isNullable = false): TableColumnOptions => ({
  name,
  type: 'integer',
  isNullable,
});
export const text = (name: string, isNullable = true): TableColumnOptions => ({ name, type: 'text', isNullable });
export const double = (name: string): TableColumnOptions => ({ name, type: 'double precision', isNullable: true });
