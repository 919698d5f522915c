/**
 * DuckDuckGo's HTML results (no JavaScript): `.result` blocks with the link
 * `a.result__a` (wrapped in a `/l/?uddg=` redirect), and `.result__snippet`.
 */
import type { SearchEngineAdapter } from './search-engine';

export const engine: SearchEngineAdapter = {
  id: 'duckduckgo',
  name: 'DuckDuckGo (HTML)',
  hosts: ['html.duckduckgo.com', 'duckduckgo.com'],
  defaultOrigin: 'https://html.duckduckgo.com',
  searchPath: '/html/?q={query}',
  results: {
    item: '.result',
    link: { selector: 'a.result__a', attr: 'href' },
    title: { selector: 'a.result__a' },
    snippet: { selector: '.result__snippet' },
  },
  redirectParam: 'uddg',
};
