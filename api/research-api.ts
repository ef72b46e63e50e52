/**
 * The research views' contract (sentiment vs volatility, event study, forecast lab, model
 * registry, SQL lab): requests, responses and pushed events, as zod schemas.
 */
export const researchMethods = {} as const;

export const researchEvents = {} as const;
