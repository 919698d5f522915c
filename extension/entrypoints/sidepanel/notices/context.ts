/** What each part of the notices view gets: the API, who is signed in (and if email goes out), a status line. */
import type { Me } from '../../../utils/api-schemas';
import type { EnforcementApi } from '../../../utils/enforcement-api';

export interface NoticesContext {
  api: EnforcementApi;
  me: Me | undefined;
  say(text: string, kind?: 'muted' | 'okay' | 'error'): void;
}
