import { EntityManager, EntityTarget, FindOptionsWhere } from 'typeorm';
import { RequestContext } from '../auth/principal';
import { notFound } from '../common/app-error';

/**
 * The row with this id in the caller's organization, optionally locked for update, or 404: a row of
 * another organization is answered exactly like a missing one (invariant 5).
 */
export async function findInOrganization<T extends { organizationId: string; id: string }>(
  em: EntityManager,
  entity: EntityTarget<T>,
  ctx: RequestContext,
  id: string,
  what: string,
  forUpdate = false,
): Promise<T> {
  const row = await em.findOne(entity, {
    where: { organizationId: ctx.organizationId, id } as FindOptionsWhere<T>,
    ...(forUpdate ? { lock: { mode: 'pessimistic_write' as const } } : {}),
  });
  if (!row) throw notFound(what, id);
  return row;
}
