import { describe, expect, it } from "vitest";
import { nodePorts } from "../../src/domain/node-ports.ts";
import { DEFAULT_CODE_LENGTH, generateVerificationCode } from "../../src/domain/verification-code.ts";

/** The server's ports, with the CSPRNG's draw replaced by `value` and the bound it was asked for recorded. */
function drawing(value: number) {
  const asked: number[] = [];
  const ports = {
    ...nodePorts,
    randomInt: (max: number) => {
      asked.push(max);
      return value;
    },
  };
  return { ports, asked };
}

describe("generateVerificationCode", () => {
  it("draws one of 10^length values and keeps its leading zeros", () => {
    const { ports, asked } = drawing(42);
    expect(generateVerificationCode(ports)).toBe("000042");
    expect(generateVerificationCode(ports, 4)).toBe("0042");
    expect(generateVerificationCode(ports, 8)).toBe("00000042");
    expect(asked).toEqual([10 ** DEFAULT_CODE_LENGTH, 10 ** 4, 10 ** 8]);
  });

  it("gives six digits by default from the real CSPRNG", () => {
    for (let i = 0; i < 100; i++) expect(generateVerificationCode(nodePorts)).toMatch(/^\d{6}$/);
  });
});
