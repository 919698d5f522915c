import { holderNamespaceOf, type CatalogueItem, type RightsHolder } from '../../shared/model';
import type { Principal, Store } from '../store';
import { ApiError, forbidden } from './errors';

/** Catalogue writes: admins for anyone, a holder for itself; reviewers read only. */
export function mayWriteCatalogue(p: Principal, target: string): void {
  if (p.role === 'reviewer') throw forbidden('reviewers read the catalogue; holders and admins change it');
  if (p.role === 'holder' && p.holderId !== target) throw forbidden('a holder token changes only its own catalogue');
}

/** An id in a holder's namespace must belong to that holder (`acme:bag-1` is acme's), whoever writes it. */
export function checkItemNamespace(item: Pick<CatalogueItem, 'id' | 'holder'>): void {
  const namespace = holderNamespaceOf(item.id);
  if (namespace !== undefined && namespace !== item.holder) {
    throw new ApiError(
      400,
      'invalid_request',
      `body field id: '${item.id}' is in holder '${namespace}''s namespace, but the item's holder is '${item.holder}'`,
      'id',
    );
  }
}

/** A holder record with more than its id (and the id as its name): what only an admin may write. */
export function isHolderRecord(h: RightsHolder): boolean {
  return !(h.name === h.id && Object.keys(h).every((k) => k === 'id' || k === 'name'));
}

/**
 * Where a holder's item ids go. Item ids are global, so a holder writing an
 * id it does not own would either take over another holder's item or, refused,
 * learn that the id exists. So, for a holder:
 *
 * - an id it already owns is kept (an update);
 * - an id already in its namespace (`<holder>:…`) is kept;
 * - any other id is put in its namespace: `<holder>:<id>`.
 *
 * Which of these applies depends only on the holder's own items, so the
 * answer reveals nothing of any other holder's. Admins' ids are kept as sent.
 * Returns the final id of every id given (in order).
 */
export async function holderItemIds(store: Store, holderId: string, ids: string[]): Promise<string[]> {
  const owners = await store.catalogue.owners(ids);
  const finalIds = ids.map((id) =>
    owners.get(id) === holderId || holderNamespaceOf(id) === holderId ? id : `${holderId}:${id}`,
  );
  // Ids in a holder's namespace are only ever written for that holder (checkItemNamespace), so
  // another owner here means a store changed by hand; refuse without naming anyone.
  const renamedOwners = await store.catalogue.owners(finalIds.filter((id, i) => id !== ids[i]));
  const foreign = finalIds.find((id, i) => {
    const owner = id === ids[i] ? owners.get(id) : renamedOwners.get(id);
    return owner !== undefined && owner !== holderId;
  });
  if (foreign !== undefined)
    throw new ApiError(409, 'id_taken', `item id ${foreign} cannot be used; choose another`, 'id');
  return finalIds;
}
