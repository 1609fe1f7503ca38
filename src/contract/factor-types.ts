import type { components } from "../../generated/openapi.d.ts";
import { spec } from "./spec.ts";

/** A factor type, as the contract's FactorType enum names it. */
export type FactorType = components["schemas"]["FactorType"];

/** The factor types in the contract's order (OTP, SMS, EMAIL, FACE), read from its FactorType enum. */
export const FACTOR_TYPES = (spec.components.schemas.FactorType as unknown as { enum: [FactorType, ...FactorType[]] }).enum;
