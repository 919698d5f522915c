import { describe, expect, it } from 'vitest';
import { foldLookalikes, foldText, normaliseText, pinyinOf, tokenise } from '../../shared/match/normalise';

describe('normaliseText', () => {
  it('NFKC folds full-width letters and digits', () => {
    expect(normaliseText('ＧｌｕｃｏＣｈｅｃｋ')).toBe('glucocheck');
    expect(normaliseText('ＧｌｕｃｏＣｈｅｃｋ　Ｍｉｎｉ　ＧＣ－Ｍ２０')).toBe('glucocheck mini gc m20');
  });

  it('lower-cases', () => {
    expect(normaliseText('VeLoRaN STRADA')).toBe('veloran strada');
  });

  it('turns every run of punctuation or symbols into one space and trims', () => {
    expect(normaliseText('  Veloran!!! -- (Strada)/VL_ST480, 【正品】 ')).toBe('veloran strada vl st480 正品');
  });

  it('converts traditional Chinese to simplified, Hong Kong and Taiwan forms alike', () => {
    expect(normaliseText('維洛蘭')).toBe('维洛兰');
    // 綫/裏 are the Hong Kong forms, 線/裡 the Taiwan ones.
    expect(normaliseText('綫 裏')).toBe('线 里');
    expect(normaliseText('線 裡')).toBe('线 里');
    expect(normaliseText('維洛蘭 運動鞋')).toBe(normaliseText('维洛兰 运动鞋'));
  });
});

describe('normaliseText and foldText of one text, whatever came before', () => {
  it('answer for the text asked, however calls for other texts interleave', () => {
    // A title, its description, the title again (as listingText asks), then others: each answer is its own text's.
    const texts = ['維洛蘭 Strada!', 'ＧＣ－Ｍ２０  mini', '維洛蘭 Strada!', 'Other  Title', 'ＧＣ－Ｍ２０  mini'];
    const normalised = ['维洛兰 strada', 'gc m20 mini', '维洛兰 strada', 'other title', 'gc m20 mini'];
    const folded = ['维洛兰 strada!', 'gc-m20 mini', '维洛兰 strada!', 'other title', 'gc-m20 mini'];
    for (let round = 0; round < 2; round++)
      texts.forEach((t, i) => {
        expect(normaliseText(t)).toBe(normalised[i]);
        expect(foldText(t)).toBe(folded[i]);
        expect(normaliseText(texts[(i + 2) % texts.length]!)).toBe(normalised[(i + 2) % texts.length]);
      });
  });
});

describe('tokenise', () => {
  it('keeps Latin words and numbers whole', () => {
    expect(tokenise('veloran strada 480')).toEqual(['veloran', 'strada', '480']);
  });

  it('cuts runs of Chinese into overlapping bigrams, a lone character staying a unigram', () => {
    expect(tokenise('维洛兰 鞋')).toEqual(['维洛', '洛兰', '鞋']);
  });

  it('splits mixed words into their script runs', () => {
    expect(tokenise(normaliseText('iphone15手机壳'))).toEqual(['iphone15', '手机', '机壳']);
    expect(tokenise('88玉米x')).toEqual(['88', '玉米', 'x']);
  });
});

describe('foldLookalikes', () => {
  it('undoes digit-for-letter swaps in words that mix letters and digits', () => {
    expect(foldLookalikes('vel0ran')).toBe('veloran');
    expect(foldLookalikes('ev3rpack')).toBe('everpack');
    expect(foldLookalikes('1uxe')).toBe('luxe');
  });

  it('leaves all-digit model numbers and all-letter words alone', () => {
    expect(foldLookalikes('480')).toBe('480');
    expect(foldLookalikes('20150')).toBe('20150');
    expect(foldLookalikes('veloran')).toBe('veloran');
  });
});

describe('pinyinOf', () => {
  it('gives toneless joined pinyin of Chinese aliases', () => {
    expect(pinyinOf('维洛兰')).toBe('weiluolan');
    expect(pinyinOf('Veloran 维洛兰')).toBe('weiluolan');
  });

  it('is undefined for text without Chinese', () => {
    expect(pinyinOf('Veloran')).toBeUndefined();
  });
});

describe('foldText', () => {
  it('keeps punctuation such as "1:1" while folding width, case and script', () => {
    expect(foldText('Veloran  １：１ REPLICA')).toBe('veloran 1:1 replica');
    expect(foldText('維洛蘭 1:1')).toBe('维洛兰 1:1');
    expect(foldText('AAA+ knock-off')).toBe('aaa+ knock-off');
  });
});
