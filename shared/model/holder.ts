import { z } from 'zod';

/** A document kept on file, named by its file name and content hash. */
export const DocumentRefSchema = z.object({
  fileName: z.string().min(1).optional(),
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/, 'a SHA-256 in lower-case hex')
    .optional(),
});

/** A person or firm acting for a rights holder (law firm, brand-protection agency). */
export const AuthorisedAgentSchema = z.object({
  name: z.string().min(1),
  email: z.email().optional(),
  address: z.string().optional(),
  /** Structured parts of the address, which some notice regimes ask for separately. */
  city: z.string().optional(),
  region: z.string().optional(),
  postalCode: z.string().optional(),
  country: z.string().length(2).optional(),
  phone: z.string().optional(),
  /** The agent's own registration or ID number, for regimes that ask who the filer is. */
  identityNumber: z.string().optional(),
  /** What makes the agent the holder's agent, in words a notice can quote ("power of attorney of 2025-03-01"). */
  authorisation: z.string().optional(),
  /** The signed authorisation letter, by file name and SHA-256 (platforms such as Alibaba IPP ask for it). */
  authorisationLetter: DocumentRefSchema.optional(),
});

export const RightsHolderSchema = z.object({
  id: z
    .string()
    .min(1)
    .regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, dash and underscore only'),
  name: z.string().min(1),
  contact: z.string().optional(),
  address: z.string().optional(),
  city: z.string().optional(),
  region: z.string().optional(),
  postalCode: z.string().optional(),
  email: z.email().optional(),
  phone: z.string().optional(),
  country: z.string().length(2).optional(),
  /** Company registration (e.g. unified social credit code) or personal ID number: China's notices require it. */
  identityNumber: z.string().optional(),
  /** Proof of that identity (business licence, ID card copy), by file name and SHA-256. */
  identityProof: DocumentRefSchema.optional(),
  /**
   * Who signs notices for the holder. The composer offers the name; each notice is still signed
   * in its own request, never by default.
   */
  signatory: z.object({ name: z.string().min(1), title: z.string().optional() }).optional(),
  agent: AuthorisedAgentSchema.optional(),
});

export type AuthorisedAgent = z.infer<typeof AuthorisedAgentSchema>;
export type RightsHolder = z.infer<typeof RightsHolderSchema>;

/**
 * A holder record as the API takes it: every object strict, so a field this version does not
 * know is refused with its name instead of being dropped without a word.
 */
export const RightsHolderInputSchema = RightsHolderSchema.extend({
  identityProof: DocumentRefSchema.strict().optional(),
  signatory: RightsHolderSchema.shape.signatory.unwrap().strict().optional(),
  agent: AuthorisedAgentSchema.extend({ authorisationLetter: DocumentRefSchema.strict().optional() })
    .strict()
    .optional(),
}).strict();
