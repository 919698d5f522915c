import { describe, expect, it } from 'vitest';
import { ResultLinks } from '../../extension/utils/content/result-links';

describe('which search result a link on the page is', () => {
  const links = new ResultLinks(
    new Set([
      'https://shop.example/ip/Blue-Kettle/1001?classType=REGULAR',
      'https://shop.example/ip/Red-Kettle/1002',
      'https://video.example/watch?v=aaa',
      'https://video.example/watch?v=bbb',
    ]),
  );

  it('is the result whose address it is', () => {
    expect(links.resultOf('https://shop.example/ip/Red-Kettle/1002')).toBe('https://shop.example/ip/Red-Kettle/1002');
  });

  it('is the result when the card adds tracking parameters to its address', () => {
    expect(links.resultOf('https://shop.example/ip/Blue-Kettle/1001?classType=REGULAR&from=%2Fsearch')).toBe(
      'https://shop.example/ip/Blue-Kettle/1001?classType=REGULAR',
    );
    expect(links.resultOf('https://shop.example/ip/Red-Kettle/1002?pos=3')).toBe(
      'https://shop.example/ip/Red-Kettle/1002',
    );
    expect(links.resultOf('https://video.example/watch?v=bbb&t=10s')).toBe('https://video.example/watch?v=bbb');
  });

  it('is no result when a parameter of the result differs or is missing, or the page is another', () => {
    expect(links.resultOf('https://shop.example/ip/Blue-Kettle/1001?classType=VARIANT')).toBeUndefined();
    expect(links.resultOf('https://shop.example/ip/Blue-Kettle/1001')).toBeUndefined();
    expect(links.resultOf('https://video.example/watch?v=ccc')).toBeUndefined();
    expect(links.resultOf('https://video.example/watch')).toBeUndefined();
    expect(links.resultOf('https://other.example/ip/Red-Kettle/1002')).toBeUndefined();
  });
});
