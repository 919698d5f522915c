import { z } from 'zod';

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
  agent: AuthorisedAgentSchema.optional(),
});

export type AuthorisedAgent = z.infer<typeof AuthorisedAgentSchema>;
export type RightsHolder = z.infer<typeof RightsHolderSchema>;
