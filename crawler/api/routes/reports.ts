import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { readEnforcementFigures } from '../../report/enforcement-figures';
import type { Store } from '../../store';
import { holderFilter } from '../auth';
import { notFound } from '../errors';
import { errors } from '../schemas';

const Count = z.number().int();
const Counts = {
  hits: Count,
  confirmed: Count,
  noticed: Count,
  removed: Count,
  removalRate: z.number().describe('removed / noticed, 0 when nothing was noticed'),
  medianTimeToRemovalMs: z
    .number()
    .nullable()
    .describe('notice → first check finding the listing gone; null when none'),
  relisted: Count,
  stillUp: Count,
  checks: Count,
};
const Money = z.object({ amount: z.number(), currency: z.string() });

export const EnforcementFiguresSchema = z.object({
  filter: z.object({
    campaign: z.string().nullable(),
    holderId: z.string().nullable(),
    site: z.string().nullable(),
    itemId: z.string().nullable(),
  }),
  generatedAt: z.string(),
  overall: z.object(Counts),
  bySite: z.array(z.object({ site: z.string(), ...Counts })),
  byHolder: z.array(z.object({ holderId: z.string(), holderName: z.string(), ...Counts })),
  byItem: z.array(
    z.object({ itemId: z.string(), itemTitle: z.string(), holderId: z.string(), holderName: z.string(), ...Counts }),
  ),
  topSellers: z.array(
    z.object({
      site: z.string(),
      key: z.string(),
      name: z.string().nullable(),
      groupId: z.string().nullable(),
      score: z
        .number()
        .nullable()
        .describe("the seller's risk score over every holder's hits; null for a holder's token"),
      blacklisted: z.boolean().nullable(),
      confirmed: Count,
      confirmedInWindow: Count,
      listingsWithHits: Count,
      soldCount: z.number(),
      views: z.number(),
      removed: Count,
      relisted: Count,
      turnover: z.record(z.string(), z.number()).describe('price × sold count of confirmed listings, per currency'),
      approxTurnover: Money.nullable(),
      referralCandidate: z.boolean(),
      referralReasons: z.array(z.string()),
    }),
  ),
  referralThreshold: z.object({
    amount: z.number(),
    currency: z.string(),
    perCurrency: z.record(z.string(), z.number()),
  }),
});

const Query = z.object({
  campaign: z
    .string()
    .min(1)
    .optional()
    .describe(
      "hits recorded by this campaign's sweeps; to a holder's token, a campaign not concerning the holder is " +
        'unknown (404)',
    ),
  site: z.string().min(1).optional(),
  itemId: z.string().min(1).optional(),
  holderId: z.string().min(1).optional().describe("a holder's token sees its own holder only"),
  sellers: z.coerce.number().int().min(1).max(200).default(20).describe('top sellers listed, ≤ 200'),
});

/**
 * Enforcement figures for the extension and dashboards: the `report`
 * command's numbers as JSON. A holder's token sees its own items' hits and
 * sellers' figures only, without the cross-holder seller risk score.
 */
export const reportRoutes: FastifyPluginAsyncZod<{ store: Store }> = async (app, { store }) => {
  app.get(
    '/v1/figures/enforcement',
    {
      schema: {
        tags: ['figures'],
        summary:
          'Hits found, confirmed, noticed, removed, removal rate and median time to removal, overall and per ' +
          'site, holder and item; top sellers with estimated turnover and referral candidates',
        querystring: Query,
        response: { 200: EnforcementFiguresSchema, ...errors(400, 404) },
      },
    },
    async (req) => {
      const { sellers, ...q } = req.query;
      const holder = req.principal.role === 'holder';
      const filter = { ...q, holderId: holderFilter(req.principal, q.holderId) };
      // A holder is told of no campaign that does not concern it: unknown and another holder's answer alike.
      const unknown = await store.figures.unknownInFilter(filter, holder ? req.principal.holderId : null);
      if (unknown)
        throw notFound(
          `${unknown.field === 'holderId' ? 'holder' : unknown.field === 'itemId' ? 'item' : 'campaign'} ` +
            `${unknown.value}`,
          unknown.field,
        );
      return readEnforcementFigures(store, {
        ...filter,
        sellerLimit: sellers,
        sellerRisk: !holder,
        storedSellers: true,
      });
    },
  );
};
