import { describe, expect, it } from 'vitest';
import { buildNoticeOrThrow, lumenType, REGIME_IDS, toLumen } from '../../shared/notices';
import { baseInput, completeInput, hash } from '../fixtures/notices/inputs';

const NOTICE_FIELDS = [
  'type',
  'title',
  'subject',
  'body',
  'date_sent',
  'jurisdiction_list',
  'action_taken',
  'mark_registration_number',
] as const;
const ENTITY_FIELDS = ['name', 'kind', 'address_line_1', 'city', 'state', 'zip', 'country_code', 'email'] as const;

describe('Lumen export', () => {
  it('carries every notice field, every entity role and every work with its infringing URLs', () => {
    const notice = buildNoticeOrThrow('eu-dsa', completeInput('eu-dsa'));
    const lumen = JSON.parse(JSON.stringify(toLumen(notice, { actionTaken: 'Yes' }))) as ReturnType<typeof toLumen>;
    for (const f of NOTICE_FIELDS) expect(lumen.notice[f], f).toBeTruthy();
    expect(lumen.notice).toMatchObject({
      type: 'Trademark',
      title: 'Trademark notice to Example Market Inc.',
      subject: notice.subject,
      date_sent: '2025-03-07',
      jurisdiction_list: 'EU',
      action_taken: 'Yes',
      mark_registration_number: 'EUTM 018123456',
    });

    const roles = lumen.notice.entity_notice_roles_attributes;
    expect(roles.map((r) => r.name)).toEqual(['sender', 'principal', 'recipient', 'submitter']);
    for (const role of roles) {
      for (const f of ENTITY_FIELDS) expect(role.entity_attributes[f], `${role.name}.${f}`).toBeTruthy();
      expect(['individual', 'organization']).toContain(role.entity_attributes.kind);
    }
    const byRole = Object.fromEntries(roles.map((r) => [r.name, r.entity_attributes]));
    expect(byRole.sender).toMatchObject({
      name: 'Marlow & Finch LLP',
      address_line_1: '200 Harbour Street',
      city: 'Boston',
      state: 'MA',
      zip: '02110',
      country_code: 'US',
      email: 'notices@marlowfinch.example',
    });
    expect(byRole.principal).toMatchObject({ name: 'Veloran Outdoor GmbH', country_code: 'DE' });
    expect(byRole.recipient).toMatchObject({ name: 'Example Market Inc.', email: 'ip@market.example' });

    expect(lumen.notice.works_attributes).toEqual([
      {
        description: 'Veloran Summit: Mountaineering jacket line sold under the VELORAN mark since 2012',
        infringing_urls_attributes: [
          { url: 'https://market.example/item/1001' },
          { url: 'https://market.example/item/1002' },
        ],
        copyrighted_urls_attributes: [{ url: 'https://veloran.example/summit' }],
      },
    ]);
  });

  it('puts the explanation, statements and evidence in the body, and no contact details', () => {
    const notice = buildNoticeOrThrow('dmca', completeInput('dmca'));
    const { body } = toLumen(notice).notice;
    expect(body).toContain(notice.statements[0]);
    expect(body).toContain(hash(1));
    expect(body).toContain('2025-03-01T10:15:00.000Z');
    expect(body).not.toContain('notices@marlowfinch.example');
    expect(body).not.toContain('+1 617 555 0142');
  });

  it('files copyright as DMCA, trademark as Trademark, a mix as Other; action taken defaults to Unspecified', () => {
    const dmca = toLumen(buildNoticeOrThrow('dmca', completeInput('dmca'))).notice;
    expect(dmca).toMatchObject({
      type: 'DMCA',
      jurisdiction_list: 'US',
      action_taken: 'Unspecified',
      mark_registration_number: null,
    });
    const mixed = baseInput('trademark');
    mixed.works.push({ ...structuredClone(mixed.works[0]!), rightsType: 'copyright' });
    expect(lumenType(buildNoticeOrThrow('eu-dsa', mixed))).toBe('Other');
    expect(lumenType(buildNoticeOrThrow('video-webform', completeInput('video-webform')))).toBe('DMCA');
  });

  it('takes the owner as principal and the sender as submitter when they are not given', () => {
    const input = completeInput('dmca');
    input.authority = 'owner';
    delete input.principal;
    const roles = toLumen(buildNoticeOrThrow('dmca', input)).notice.entity_notice_roles_attributes;
    expect(roles.map((r) => [r.name, r.entity_attributes.name])).toEqual([
      ['sender', 'Marlow & Finch LLP'],
      ['principal', 'Marlow & Finch LLP'],
      ['recipient', 'Example Market Inc.'],
      ['submitter', 'Marlow & Finch LLP'],
    ]);
  });

  it.each(REGIME_IDS)('exports a %s notice', (id) => {
    const lumen = toLumen(buildNoticeOrThrow(id, completeInput(id)));
    expect(lumen.notice.works_attributes[0]?.infringing_urls_attributes.length).toBe(2);
    expect(lumen.notice.entity_notice_roles_attributes.length).toBe(4);
  });
});
