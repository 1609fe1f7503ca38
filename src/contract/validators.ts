import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { operations } from "./operations.ts";
import { REFERENCE, referenceLevel, type ContractProfile } from "./reference-level.ts";
import { spec, type JsonSchema } from "./spec.ts";

const CONTRACT_ID = "genauth-mfa-contract";

/** A property may carry this vendor extension: the GenAuth apiCode for "this was not entered". */
export const MISSING_API_CODE = "x-api-code-when-missing";
/** A property may carry this vendor extension: the catalogue key of GenAuth's own "this was not entered" message. */
export const MISSING_MESSAGE = "x-message-when-missing";
/** A property may carry this vendor extension: the catalogue key of our targets' message when it breaks their own rule. */
export const INVALID_MESSAGE = "x-message-when-invalid";

/** Points `#/components/schemas/X` at this Ajv instance's copy of the component schemas. */
function rebase<T>(node: T): T {
  return JSON.parse(JSON.stringify(node).replaceAll('"#/components/schemas/', `"${CONTRACT_ID}#/$defs/`)) as T;
}

// allErrors stays off: the first error is the one reported, and it is cheaper on the hot path.
// No coercion and no removal of additional properties: either would hide a contract violation.
// strictRequired is off because the contract writes "SMS needs phoneNumber" as
// `allOf: [FactorProfile]` plus `required: [phoneNumber]`, the form openapi-typescript types well.
function newAjv(schemas: Record<string, JsonSchema>) {
  const ajv = new Ajv2020({
    strict: true,
    strictRequired: false,
    allErrors: false,
    keywords: ["example", MISSING_API_CODE, MISSING_MESSAGE, INVALID_MESSAGE, REFERENCE],
  });
  addFormats.default(ajv, ["email", "uri", "uuid", "date-time"]);
  ajv.addSchema({ $id: CONTRACT_ID, $defs: rebase(schemas) });
  return ajv;
}

/** A function that compiles (once per schema object and level) a schema written against openapi.yaml's components. */
export type CompileSchema = (schema: JsonSchema, profile?: ContractProfile) => ValidateFunction;

/** The compiled validators of one operation. */
export interface OperationValidators {
  /** The request body, at GenAuth's level: a request GenAuth accepts is never refused. */
  body?: ValidateFunction;
  /** The HTTP 200 body at GenAuth's level: what a real tenant must pass. */
  response: ValidateFunction;
}

/** One set of validators compiled from openapi.yaml, with its own Ajv instances and its own caches. */
export interface ContractValidators {
  compileSchema: CompileSchema;
  /** Validators for every operation, compiled when the set is built, keyed by operationId. */
  validators: ReadonlyMap<string, OperationValidators>;
  /** The validators of one operation; throws for an unknown operationId. */
  validatorsFor: (operationId: string) => OperationValidators;
  /** The response validator of one operation at the given level: GenAuth's, or our targets' stricter one. */
  responseValidator: (operationId: string, profile: ContractProfile) => ValidateFunction;
}

/**
 * Builds a set of validators whose compiled schemas no other set shares. The targets and the suite
 * share the one below; a test builds its own, so that the code it checks runs in it rather than
 * being read from a cache an earlier test filled (mutation testing loads each module once per worker).
 */
export function createValidators(): ContractValidators {
  const genauth = newAjv(spec.components.schemas);
  // Our stricter level is compiled only when asked for: the targets never need it, the suite does.
  let reference: ReturnType<typeof newAjv> | undefined;
  const compiled = { genauth: new WeakMap<JsonSchema, ValidateFunction>(), reference: new WeakMap<JsonSchema, ValidateFunction>() };

  const compileSchema: CompileSchema = (schema, profile = "genauth") => {
    let validate = compiled[profile].get(schema);
    if (!validate) {
      if (profile === "genauth") validate = genauth.compile(rebase(schema));
      else {
        reference ??= newAjv(referenceLevel(spec.components.schemas));
        validate = reference.compile(rebase(referenceLevel(schema)));
      }
      compiled[profile].set(schema, validate);
    }
    return validate;
  };

  // Compiled now rather than on an operation's first request, so that no request pays for it.
  const validators = new Map(
    operations.map((op) => [
      op.operationId,
      { body: op.bodySchema && compileSchema(op.bodySchema), response: compileSchema(op.responseSchema) },
    ]),
  );
  const validatorsFor = (operationId: string) => {
    const v = validators.get(operationId);
    if (!v) throw new Error(`openapi.yaml has no operation ${operationId}`);
    return v;
  };
  const responseValidator = (operationId: string, profile: ContractProfile) => {
    validatorsFor(operationId);
    const op = operations.find((o) => o.operationId === operationId)!;
    return compileSchema(op.responseSchema, profile);
  };
  return { compileSchema, validators, validatorsFor, responseValidator };
}

// The set every target and the contract suite use, compiled once per process.
const shared = createValidators();

/** Compiles (once per schema object and level) any schema written against openapi.yaml's components. */
export const compileSchema: CompileSchema = shared.compileSchema;
/** Validators for every operation, compiled once, keyed by operationId. */
export const validators: ReadonlyMap<string, OperationValidators> = shared.validators;
/** The validators of one operation; throws for an unknown operationId. */
export const validatorsFor: ContractValidators["validatorsFor"] = shared.validatorsFor;
/** The response validator of one operation at the given level: GenAuth's, or our targets' stricter one. */
export const responseValidator: ContractValidators["responseValidator"] = shared.responseValidator;

export type { ContractProfile, ErrorObject, ValidateFunction };
