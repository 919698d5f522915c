/**
 * Page templates of the simulated internet's sites: pirate streaming sites
 * on a WordPress video theme (DooPlay markup), torrent indexes, counterfeit
 * shops, parked domains, official brand sites, review blogs and ordinary
 * businesses. Each network varies its wrapper classes and title words, so
 * mirrors of one network look alike and unrelated networks do not.
 */
export interface Work {
  id: string;
  title: string;
  runtimeSeconds: number;
}
export interface Product {
  title: string;
  price: number;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const slug = (s: string) => encodeURIComponent(s.toLowerCase().replace(/\s+/g, '-'));
const page = (title: string, head: string, body: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${esc(title)}</title>${head}</head><body>${body}</body>` +
  `</html>`;

export interface StreamingNetwork {
  /** The network's brand words, shared by its mirrors ("FlixNova"). */
  brand: string;
  /** Wrapper class, different per network. */
  skin: string;
}

const DOOPLAY_HEAD = '<link rel="stylesheet" href="/wp-content/themes/dooplay/assets/css/front.style.min.css">';

export function streamingHome(net: StreamingNetwork, works: readonly Work[]): string {
  const items = works
    .map(
      (w, i) =>
        `<article class="item movies" id="post-${100 + i}"><div class="poster"><img src="/p/${i}.jpg" alt=""></div>` +
        (`<div class="data"><h3><a href="/movies/${slug(w.title)}/">${esc(w.title)}</a></h3><span>2024</span></div>` +
          `</article>`),
    )
    .join('');
  return page(
    `${net.brand} - Watch Movies Online Free HD`,
    DOOPLAY_HEAD,
    `<div id="contenedor" class="${net.skin}"><header class="main"><div class="hbox">` +
      `<div class="logo">${esc(net.brand)}</div>` +
      `<ul class="main-header"><li>Movies</li><li>TV Shows</li><li>Episodes</li></ul></div></header>` +
      (`<div class="module"><div class="content"><h1 class="heading">Watch full movie online free</h1>` +
        `<div class="items">${items}</div>`) +
      `<ul class="episodios"><li>Episode 1</li><li>Episode 2</li><li>Episode 3</li></ul></div></div>` +
      `<footer class="main"><div class="fbox">DMCA · Contact</div></footer></div>`,
  );
}

export function streamingSearch(net: StreamingNetwork, works: readonly Work[], query: string): string {
  const q = query.toLowerCase();
  const found = works.filter((w) => q.includes(w.title.toLowerCase()) || w.title.toLowerCase().includes(q));
  const results = found
    .map(
      (w) =>
        `<div class="result-item"><article><div class="details"><div class="title">` +
        `<a href="/movies/${slug(w.title)}/">${esc(w.title)}</a></div></div></article></div>`,
    )
    .join('');
  return page(
    `You searched for ${query} - ${net.brand}`,
    DOOPLAY_HEAD,
    `<div id="contenedor" class="${net.skin}"><div class="search-page">${results}</div></div>`,
  );
}

export function streamingMovie(net: StreamingNetwork, w: Work): string {
  return page(
    `${w.title} (2024) Full Movie Online Free - ${net.brand}`,
    DOOPLAY_HEAD,
    `<div id="contenedor" class="${net.skin}"><div id="single"><div class="sheader"><div class="poster">` +
      `<img src="/p/x.jpg" alt=""></div>` +
      `<div class="data"><h1>${esc(w.title)}</h1><div class="extra"><span class="date">2024-05-01</span>` +
      `<span class="runtime">${Math.round(w.runtimeSeconds / 60)} Min.</span></div></div></div>` +
      `<div id="playeroptions"><ul id="playeroptionsul"><li data-post="101" data-nume="1">Server 1</li></ul></div>` +
      `<iframe class="metaframe" src="https://player.example/embed/${slug(w.title)}"></iframe></div></div>`,
  );
}

export function torrentIndex(name: string, works: readonly Work[]): string {
  const rows = works
    .map(
      (w, i) =>
        `<tr><td class="name"><a href="/torrent/${i}/${slug(w.title)}">${esc(w.title)} 2024 1080p WEB-DL x264</a>` +
        `</td>` +
        (`<td><a href="magnet:?xt=urn:btih:${(i + 1).toString(16).padStart(40, '0')}">magnet</a></td>` +
          `<td>${120 + i}</td><td>${14 + i}</td></tr>`),
    )
    .join('');
  return page(
    `${name} - Download Movies Torrents`,
    '',
    `<div class="wrap"><h1>${esc(name)}</h1><table class="table-list"><thead><tr><th>Name</th><th></th>` +
      `<th>Seeders</th><th>Leechers</th></tr></thead>` +
      `<tbody>${rows}</tbody></table></div>`,
  );
}

export function shop(
  name: string,
  products: readonly Product[],
  o: { replicaWords: boolean; currency: string },
): string {
  const sym = o.currency === 'CNY' ? '¥' : o.currency === 'EUR' ? '€' : '$';
  const ld = JSON.stringify({
    '@context': 'https://schema.org',
    '@type': 'ItemList',
    itemListElement: products.map((p, i) => ({
      '@type': 'Product',
      position: i + 1,
      name: p.title,
      offers: { '@type': 'Offer', price: p.price, priceCurrency: o.currency },
    })),
  });
  const cards = products
    .map(
      (p) =>
        `<li class="product"><a href="/product/${slug(p.title)}">` +
        `<h2 class="product-title">${esc(p.title)}${o.replicaWords ? ' AAA 1:1 replica' : ''}</h2></a>` +
        `<span class="price">${sym}${p.price.toFixed(2)}</span><button class="add-to-cart">Add to cart</button></li>`,
    )
    .join('');
  return page(
    `${name} | ${o.replicaWords ? 'Top quality replica' : 'Official outlet sale'}`,
    `<script type="application/ld+json">${ld}</script>`,
    `<header class="site-header"><a class="logo" href="/">${esc(name)}</a><a href="/cart">Cart (0)</a></header>` +
      `<main><ul class="products">${cards}</ul></main><footer>Free shipping worldwide · PayPal</footer>`,
  );
}

export function parked(domain: string): string {
  return page(
    domain,
    '',
    `<div class="parking"><h1>${esc(domain)}</h1><p>This domain is for sale! Buy this domain today.</p>` +
      `<a href="https://sedo.com/search/details/?domain=${esc(domain)}">Make an offer</a>` +
      `<div class="related"><a href="/?q=handbags">Handbags</a> <a href="/?q=cosmetics">Cosmetics</a></div></div>`,
  );
}

export function reviewBlog(name: string, w: Work): string {
  return page(
    `${w.title} review - ${name}`,
    '',
    `<article class="post"><h1>${esc(w.title)}: a review</h1><p>We saw ${esc(w.title)} at the festival. ` +
      `The photography is gorgeous and the score lingers; the third act drags a little.</p>` +
      `<p>Rating: 4/5. It opens in cinemas next month.</p></article>`,
  );
}

export function business(name: string, trade: string): string {
  return page(
    `${name} - ${trade}`,
    '',
    `<div class="site"><h1>${esc(name)}</h1><p>Family-run ${esc(trade)} since 1987. Opening hours Mon–Sat 9–18.</p>` +
      `<p>Call us or drop by; we are happy to help.</p></div>`,
  );
}

export function encyclopedia(topic: string): string {
  return page(
    `${topic} - Film Encyclopedia`,
    '',
    `<div id="content"><h1>${esc(topic)}</h1><p>${esc(topic)} is a 2024 film. Cast, crew and release dates.</p></div>`,
  );
}

const WOO_HEAD = '<link rel="stylesheet" href="/wp-content/plugins/woocommerce/assets/css/woocommerce.css">';

function wooCards(products: readonly Product[], sym: string, replica: boolean): string {
  return products
    .map(
      (p) =>
        `<li class="product type-product"><a href="/product/${slug(p.title)}/" class="woocommerce-LoopProduct-link">` +
        `<h2 class="woocommerce-loop-product__title">${esc(p.title)}${replica ? ' AAA replica' : ''}</h2>` +
        (`<span class="price"><span class="woocommerce-Price-amount amount">${sym}${p.price.toFixed(2)}</span></span>` +
          `</a>`) +
        `<a href="?add-to-cart=1" class="button add_to_cart_button">Add to cart</a></li>`,
    )
    .join('');
}

/** A counterfeit shop on WooCommerce: home and search pages list products, each product has its page. */
export function wooShop(name: string, products: readonly Product[], o: { replicaWords: boolean; currency: string }) {
  const sym = o.currency === 'CNY' ? '¥' : o.currency === 'EUR' ? '€' : '$';
  const frame = (title: string, body: string, head = '') =>
    page(
      `${title} – ${name}`,
      WOO_HEAD + head,
      `<div id="page" class="site"><header class="site-header"><a class="site-title" href="/">${esc(name)}</a>` +
        `<a class="cart-contents" href="/cart/">Cart</a></header><main id="main">${body}</main>` +
        `<footer class="site-footer">Worldwide shipping · PayPal</footer></div>`,
    ).replace('<body>', '<body class="woocommerce woocommerce-page">');
  return (path: string, q: URLSearchParams): string | undefined => {
    if (path === '/' && q.get('s') !== null) {
      const words = (q.get('s') ?? '')
        .toLowerCase()
        .split(/\s+/)
        .filter((w) => w.length >= 3);
      const found = products.filter((p) => words.some((w) => p.title.toLowerCase().includes(w)));
      return frame(
        `Search results for “${q.get('s')}”`,
        `<ul class="products">${wooCards(found, sym, o.replicaWords)}</ul>`,
      );
    }
    if (path === '/') return frame('Shop', `<ul class="products">${wooCards(products, sym, o.replicaWords)}</ul>`);
    const m = /^\/product\/([^/]+)\/$/.exec(path);
    const p = m && products.find((x) => slug(x.title) === m[1]);
    if (!p) return undefined;
    const title = `${p.title}${o.replicaWords ? ' AAA replica' : ''}`;
    const ld = JSON.stringify({
      '@context': 'https://schema.org/',
      '@type': 'Product',
      name: title,
      offers: { '@type': 'Offer', price: p.price.toFixed(2), priceCurrency: o.currency },
    });
    return frame(
      title,
      `<div class="product type-product"><div class="summary">` +
        `<h1 class="product_title entry-title">${esc(title)}</h1>` +
        `<p class="price"><span class="woocommerce-Price-amount amount">${sym}${p.price.toFixed(2)}</span></p>` +
        (`<form class="cart" method="post">` +
          `<button type="submit" class="single_add_to_cart_button button">Add to cart</button></form></div></div>`),
      `<script type="application/ld+json">${ld}</script>`,
    );
  };
}
