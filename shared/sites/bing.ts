/** Bing web results: `li.b_algo` with the link in `h2 a` and the snippet in `.b_caption p`. */
import type { SearchEngineAdapter } from './search-engine';

export const engine: SearchEngineAdapter = {
  id: 'bing',
  name: 'Bing',
  hosts: ['www.bing.com', 'bing.com', 'cn.bing.com'],
  defaultOrigin: 'https://www.bing.com',
  searchPath: '/search?q={query}',
  results: {
    item: 'li.b_algo',
    link: { selector: 'h2 a', attr: 'href' },
    title: { selector: 'h2' },
    snippet: { selector: '.b_caption p, p' },
  },
};
