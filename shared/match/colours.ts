/**
 * Colour words in the languages shops write in (English, German, French,
 * Spanish, Italian, Dutch, Chinese), each mapped to one colour: the same
 * phone case in "schwarz" and "noir" is one product; "black" and "purple"
 * are two.
 */
const COLOURS: Record<string, string[]> = {
  black: ['black', 'blk', 'schwarz', 'noir', 'noire', 'negro', 'negra', 'nero', 'nera', 'zwart', 'preto', '黑', '黑色'],
  white: [
    'white',
    'wht',
    'weiss',
    'weiß',
    'blanc',
    'blanche',
    'blanco',
    'blanca',
    'bianco',
    'bianca',
    'wit',
    'branco',
    '白',
    '白色',
  ],
  red: [
    'red',
    'rot',
    'rouge',
    'rojo',
    'roja',
    'rosso',
    'rossa',
    'rood',
    'burgundy',
    'crimson',
    'scarlet',
    '红',
    '红色',
  ],
  blue: ['blue', 'blau', 'bleu', 'azul', 'blu', 'blauw', 'navy', 'cobalt', '蓝', '蓝色'],
  green: ['green', 'grün', 'gruen', 'vert', 'verte', 'verde', 'groen', 'olive', 'khaki', '绿', '绿色'],
  yellow: ['yellow', 'gelb', 'jaune', 'amarillo', 'giallo', 'geel', '黄', '黄色'],
  pink: ['pink', 'rosa', 'rose', 'roze', 'magenta', 'fuchsia', '粉', '粉色'],
  purple: ['purple', 'lila', 'violet', 'violett', 'viola', 'morado', 'paars', 'lilac', 'lavender', '紫', '紫色'],
  grey: [
    'grey',
    'gray',
    'grau',
    'gris',
    'grigio',
    'grijs',
    'charcoal',
    'anthracite',
    'anthrazit',
    'graphite',
    '灰',
    '灰色',
  ],
  silver: ['silver', 'silber', 'argent', 'plata', 'argento', 'zilver', '银', '银色'],
  gold: ['gold', 'golden', 'dorado', 'oro', 'goud', 'doré', '金色'],
  brown: ['brown', 'braun', 'marron', 'marrón', 'marrone', 'bruin', 'chocolate', 'tan', '棕', '棕色', '咖啡色'],
  orange: ['orange', 'naranja', 'arancione', 'oranje', '橙', '橙色'],
  beige: ['beige', 'cream', 'ivory', 'nude', 'sand', '米色'],
  turquoise: ['turquoise', 'teal', 'aqua', 'cyan', 'türkis', 'turchese'],
};

const CANONICAL = new Map<string, string>();
for (const [colour, words] of Object.entries(COLOURS)) for (const w of words) CANONICAL.set(w, colour);

/** The colours named among normalised tokens. */
export function coloursOf(tokens: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const t of tokens) {
    const c = CANONICAL.get(t);
    if (c) out.add(c);
  }
  return out;
}
