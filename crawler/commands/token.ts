import { RoleSchema } from '../../shared/model';
import { UnknownHolderError } from '../store';
import { CliError, configFrom, withStore, type GlobalOptions } from './context';

export async function tokenCreateCommand(
  o: GlobalOptions & { role: string; holder?: string; name?: string; json?: boolean },
): Promise<void> {
  const role = RoleSchema.safeParse(o.role);
  if (!role.success) throw new CliError(`--role: expected admin, reviewer or holder, got "${o.role}"`);
  await withStore(configFrom(o), async (store) => {
    try {
      const name = o.name ?? (o.holder ? `${role.data} ${o.holder}` : role.data);
      const { token, record } = await store.tokens.create({ name, role: role.data, holderId: o.holder });
      await store.audit.append({
        actor: 'cli',
        action: 'token.create',
        target: `token:${record.tokenId}`,
        after: { name, role: record.role, holderId: record.holderId },
      });
      if (o.json) console.log(JSON.stringify({ token, ...record }));
      else {
        console.log(token);
        console.error(
          `token ${record.tokenId} (${record.role}${record.holderId ? ` of ${record.holderId}` : ''}, ` +
            `"${record.name}") created; the line above is its secret, shown only now.`,
        );
      }
    } catch (e) {
      if (e instanceof UnknownHolderError) throw new CliError(e.message);
      throw e;
    }
  });
}

export async function tokenListCommand(o: GlobalOptions & { json?: boolean }): Promise<void> {
  await withStore(configFrom(o), async (store) => {
    const tokens = await store.tokens.list();
    if (o.json) return console.log(JSON.stringify(tokens, null, 2));
    for (const t of tokens) {
      console.log(
        [
          t.tokenId,
          t.role.padEnd(8),
          (t.holderId ?? '-').padEnd(16),
          t.revokedAt ? `revoked ${t.revokedAt}` : 'live',
          t.lastUsedAt ? `used ${t.lastUsedAt}` : 'never used',
          JSON.stringify(t.name),
        ].join('  '),
      );
    }
  });
}

export async function tokenRevokeCommand(id: string, o: GlobalOptions): Promise<void> {
  await withStore(configFrom(o), async (store) => {
    const t = await store.tokens.get(id);
    if (!t) throw new CliError(`no token ${id} (see \`counterscan token list\`)`);
    if (await store.tokens.revoke(id))
      await store.audit.append({
        actor: 'cli',
        action: 'token.revoke',
        target: `token:${id}`,
        before: { revokedAt: null },
      });
    console.log(`token ${id} revoked`);
  });
}
