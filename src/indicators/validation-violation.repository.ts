import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../platform/database.ts';
import { references, type Expression } from './expression.rules.ts';
import type { Comparison, ValidationRule } from './validation-rule.rules.ts';

export interface CompiledRule extends ValidationRule {
  left: Expression;
  right: Expression;
}

/**
 * Where to re-check: units and periods (a write), a subtree and period (on demand), some rules
 * everywhere (a rule changed), or nothing narrower (a rebuild).
 */
export interface CheckScope {
  units?: readonly string[];
  periods?: readonly string[];
  subtreePath?: string;
}

/** An expression over the pivoted values as SQL; a division by zero is null, as in `evaluate`. */
function toSql(expression: Expression): RawBuilder<number> {
  switch (expression.kind) {
    case 'number':
      return sql<number>`${expression.value}::numeric`;
    case 'ref':
      return sql<number>`v.${sql.id(expression.code)}`;
    case 'binary': {
      const left = toSql(expression.left);
      const right = toSql(expression.right);
      if (expression.op === '/') return sql<number>`(${left} / nullif(${right}, 0))`;
      return sql<number>`(${left} ${sql.raw(expression.op)} ${right})`;
    }
  }
}

// The operator is spliced into SQL: only these five, whatever the table says.
const COMPARISONS: Record<Comparison, string> = { '<=': '<=', '<': '<', '=': '=', '>=': '>=', '>': '>' };

/**
 * Re-checks rules over the stored values in the scope and makes the stored violations match, in
 * one statement on the server: new ones inserted, still-broken ones updated (keeping when they
 * were first found), mended ones deleted. The values are pivoted once per unit and period.
 */
export async function recheckViolations(db: Db, rules: readonly CompiledRule[], scope: CheckScope): Promise<void> {
  if (rules.length === 0 || scope.units?.length === 0 || scope.periods?.length === 0) return;
  const elements = [...new Set(rules.flatMap((r) => [...references(r.left), ...references(r.right)]))];
  const columns = elements.map((code) => sql`max(d.value) filter (where d.data_element = ${code}) as ${sql.id(code)}`);
  const valueFilters = [sql`d.data_element = any(${elements}::text[])`, ...scopeFilters('d', scope)];
  const branches = rules.map((rule) => {
    const left = toSql(rule.left);
    const right = toSql(rule.right);
    return sql`select ${rule.code}::text as rule_code, v.org_unit_code, v.period, ${left} as left_value, ${right} as right_value from v
      where ${left} is not null and ${right} is not null and not (${left} ${sql.raw(COMPARISONS[rule.operator])} ${right})`;
  });
  const staleFilters = [sql`x.rule_code = any(${rules.map((r) => r.code)}::text[])`, ...scopeFilters('x', scope)];
  await sql`
    with v as (
      select d.org_unit_code, d.period, ${sql.join(columns)}
      from data_value d
      where ${sql.join(valueFilters, sql` and `)}
      group by d.org_unit_code, d.period
    ),
    found as (${sql.join(branches, sql` union all `)}),
    saved as (
      insert into validation_violation (rule_code, org_unit_code, period, left_value, right_value)
      select rule_code, org_unit_code, period, left_value, right_value from found
      on conflict (rule_code, org_unit_code, period) do update set left_value = excluded.left_value, right_value = excluded.right_value
    )
    delete from validation_violation x
    where ${sql.join(staleFilters, sql` and `)}
      and not exists (select 1 from found f where f.rule_code = x.rule_code and f.org_unit_code = x.org_unit_code and f.period = x.period)`.execute(db);
}

function scopeFilters(alias: string, scope: CheckScope): RawBuilder<boolean>[] {
  const unit = sql.ref(`${alias}.org_unit_code`);
  const period = sql.ref(`${alias}.period`);
  const filters: RawBuilder<boolean>[] = [];
  if (scope.units) filters.push(sql<boolean>`${unit} = any(${scope.units}::text[])`);
  if (scope.periods) filters.push(sql<boolean>`${period} = any(${scope.periods}::text[])`);
  if (scope.subtreePath !== undefined) filters.push(sql<boolean>`${unit} in (select code from org_unit where path <@ ${scope.subtreePath}::ltree)`);
  return filters;
}

/** The stored violations in a subtree for a period: villages first, then communes, then the province. */
export async function listViolations(
  db: Db,
  filter: { subtreePath: string; period: string; rule?: string | undefined },
  page: { limit: number; offset: number },
) {
  let base = db
    .selectFrom('validation_violation as x')
    .innerJoin('org_unit as u', 'u.code', 'x.org_unit_code')
    .innerJoin('validation_rule as r', 'r.code', 'x.rule_code')
    .leftJoin('org_unit as p', 'p.code', 'u.parent_code')
    .where(sql<boolean>`u.path <@ ${filter.subtreePath}::ltree`)
    .where('x.period', '=', filter.period);
  if (filter.rule) base = base.where('x.rule_code', '=', filter.rule);
  const [items, total] = await Promise.all([
    base
      .select([
        'x.rule_code',
        'x.org_unit_code',
        'x.period',
        'x.left_value',
        'x.right_value',
        'x.found_at',
        'u.name',
        'u.level',
        'u.parent_code',
        'p.full_name as parent_name',
        'r.description_vi',
        'r.description_en',
      ])
      .orderBy('u.level', 'desc')
      .orderBy(sql`u.sort_key collate "C"`)
      .orderBy('x.rule_code')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { total: total.n, items };
}

/** One stored violation, for looking up the records behind it. */
export function findViolation(db: Db, key: { rule: string; orgUnit: string; period: string }) {
  return db
    .selectFrom('validation_violation')
    .selectAll()
    .where('rule_code', '=', key.rule)
    .where('org_unit_code', '=', key.orgUnit)
    .where('period', '=', key.period)
    .executeTakeFirst();
}
