/**
 * China: notice to an e-commerce platform operator under E-Commerce Law
 * Art. 42, with the content the Civil Code Art. 1195 asks of any notice
 * (preliminary evidence and the right holder's true identity). Written in
 * Chinese and English, each line in both.
 */
import type { RequiredElement } from './elements';
import { NoticeInputSchema, ownerOf, ownerPath, type Measure, type NoticeInput } from './model';
import { itemText, noticeJson, partyBlock, signatureText, titlesOf, urlCount, workBlock, type Labels } from './parts';
import { defineRegime } from './regime';
import { fields, heading, isoDay, list, paragraph, type Block } from './render';

const LAW = '《电子商务法》第四十二条、《民法典》第一千一百九十五条 / E-Commerce Law Art. 42, Civil Code Art. 1195';

/** Bilingual labels: the platform's reviewer reads Chinese, the holder's counsel may not. */
const ZH_EN: Labels = {
  name: '名称 / Name',
  address: '地址 / Address',
  phone: '电话 / Phone',
  email: '电子邮箱 / Email',
  identity: '统一社会信用代码或身份证件号码 / Registration or ID number',
  listing: '商品标题 / Listing',
  seller: '卖家 / Seller',
  site: '平台 / Site',
  id: '商品编号 / ID',
  where: '侵权部位 / Infringing parts',
  timestamps: '时间点 / Timestamps',
  testBuy: '测试购买订单 / Test-buy order',
  evidence: '证据 / Evidence',
  captured: '取证时间 / captured',
  description: '说明 / Description',
  registration: '登记号 / Registration',
  owner: '权利人 / Owner',
  certificate: '权利证书 / Certificate',
};

export const MEASURE_LABELS: Record<Measure, string> = {
  delete: '删除 / delete',
  block: '屏蔽 / block',
  disconnect: '断开链接 / disconnect links',
  terminate: '终止交易和服务 / terminate transactions and services',
};

const requiredElements: RequiredElement<NoticeInput>[] = [
  {
    id: 'preliminary-evidence',
    label: '构成侵权的初步证据 / preliminary evidence of infringement (SHA-256 and capture time for each link)',
    basis: 'Civil Code Art. 1195; E-Commerce Law Art. 42',
    paths: ['works.*.items.*.evidence.*.sha256', 'works.*.items.*.evidence.*.capturedAt'],
  },
  {
    id: 'right-holder-identity',
    label: "权利人的真实身份信息 / the right holder's true identity (name and registration or ID number)",
    basis: 'Civil Code Art. 1195',
    paths: (i) => [`${ownerPath(i)}.name`, `${ownerPath(i)}.identityNumber`],
  },
  {
    id: 'rights-certificate',
    label: '权利证书（登记号）/ rights certificates (registration numbers)',
    basis: 'E-Commerce Law Art. 42',
    paths: ['works.*.registrations.*.number'],
  },
  {
    id: 'infringing-links',
    label: '侵权链接 / the infringing links',
    basis: 'E-Commerce Law Art. 42',
    paths: ['works.*.items.*.url'],
  },
  {
    id: 'necessary-measures',
    label:
      '要求采取的必要措施 / the necessary measures requested (delete, block, disconnect links, terminate transactions ' +
      'and services)',
    basis: 'E-Commerce Law Art. 42; Civil Code Art. 1195',
    paths: ['requestedMeasures'],
  },
];

/** Optional: Art. 42 makes the sender liable for a wrong notice, so an accuracy statement is offered, not required. */
const ACCURACY = '本通知所述信息真实、准确。/ The information in this notice is true and accurate.';

function render(input: NoticeInput) {
  const measures = input.requestedMeasures.map((m) => MEASURE_LABELS[m]);
  const zh = measures.map((m) => m.split(' / ')[0]);
  const en = measures.map((m) => m.split(' / ')[1]);
  const statements = input.statements.accurate ? [ACCURACY] : [];
  const agent = input.authority === 'agent' ? input.sender : undefined;
  const blocks: Block[] = [
    heading('知识产权侵权通知 / Notice of intellectual property infringement'),
    fields([
      ['法律依据 / Legal basis', LAW],
      ['致 / To', input.recipient?.name],
      ['日期 / Date', isoDay(input.date)],
      ['编号 / Reference', input.reference],
    ]),
    heading('权利人 / Right holder'),
    partyBlock(ownerOf(input), ZH_EN),
    ...(agent ? [heading('代理人 / Authorised agent'), partyBlock(agent, ZH_EN)] : []),
    ...input.works.flatMap((w, i) => [
      heading(`权利 ${i + 1} / Right ${i + 1}: ${w.title ?? ''}${w.rightsType ? ` (${w.rightsType})` : ''}`),
      workBlock(w, ZH_EN),
      paragraph('侵权链接及初步证据 / Infringing links and preliminary evidence:'),
      list(w.items.map((item) => itemText(item, ZH_EN))),
    ]),
    // The reviewer's own words on the infringement, when given: never required, never invented.
    ...(input.explanation ? [heading('侵权说明 / Description of the infringement'), paragraph(input.explanation)] : []),
    heading('请求 / Request'),
    paragraph(
      `请贵平台依据上述法律规定，对上述侵权链接及时采取以下必要措施：${zh.join('、')}，并将本通知转送相关平台内经营者。`,
    ),
    paragraph(
      `Under the provisions above, please promptly take the following necessary measures against the infringing ` +
        `links listed: ${en.join(', ')}; and forward this notice to the merchants concerned.`,
    ),
    ...(statements.length > 0 ? [heading('声明 / Statement'), list(statements)] : []),
    fields([
      ['签署 / Signed', signatureText(input)],
      ['日期 / Date', isoDay(input.date)],
    ]),
  ];
  return {
    subject:
      `知识产权侵权通知 / IP infringement notice (E-Commerce Law Art. 42): ${titlesOf(input.works)} ` +
      `(${urlCount(input)} 链接 / links)`,
    blocks,
    json: {
      regime: 'cn-ecommerce',
      law: LAW,
      rightHolder: ownerOf(input),
      requestedMeasures: input.requestedMeasures,
      requestedMeasuresText: measures,
      ...noticeJson(input, statements),
    },
    statements,
    lang: 'zh-CN',
  };
}

export const cnEcommerce = defineRegime({
  id: 'cn-ecommerce',
  title: 'China E-Commerce Law Art. 42 notice (中华人民共和国电子商务法第四十二条)',
  jurisdictions: ['CN'],
  schema: NoticeInputSchema,
  requiredElements,
  render,
  /** E-Commerce Law Art. 43: measures lift 15 days after the declaration reaches the holder. */
  counterClock: 'cn-ecommerce',
  lumenType: 'by-rights',
});
