import { accountRootArn, exceptPrincipals, guardAdministratorArns } from "../../constructs/guard";

// Who the resource guards never lock out (the guarded policies' own tests evaluate the Deny with IAM).

describe("guard administrators", () => {
  it("are the deploy principals, the break-glass principal and the account's root user, each once, sorted", () => {
    expect(
      guardAdministratorArns({
        accountId: "222222222222",
        deployPrincipalArns: ["arn:aws:iam::222222222222:role/z-deploy", "arn:aws:iam::222222222222:role/a-deploy", "arn:aws:iam::222222222222:role/z-deploy"],
        breakGlassPrincipalArn: "arn:aws:iam::222222222222:role/break-glass",
      }),
    ).toEqual([
      "arn:aws:iam::222222222222:role/a-deploy",
      "arn:aws:iam::222222222222:role/break-glass",
      "arn:aws:iam::222222222222:role/z-deploy",
      "arn:aws:iam::222222222222:root",
    ]);
  });

  it("are the deploy principals and the root user where no break-glass principal is configured", () => {
    expect(guardAdministratorArns({ accountId: "111111111111", deployPrincipalArns: ["arn:aws:iam::111111111111:role/deploy"] })).toEqual([
      "arn:aws:iam::111111111111:role/deploy",
      "arn:aws:iam::111111111111:root",
    ]);
  });

  it("name the root user by its ARN", () => {
    expect(accountRootArn("123456789012")).toBe("arn:aws:iam::123456789012:root");
  });

  it("are excepted from a Deny by ARN, sorted and once each, and AWS service principals too", () => {
    expect(exceptPrincipals(["b", "a", "b"])).toEqual({
      ArnNotEquals: { "aws:PrincipalArn": ["a", "b"] },
      BoolIfExists: { "aws:PrincipalIsAWSService": "false" },
    });
  });
});

it("without a break-glass principal, are the deploy principals and the root user only", () => {
  expect(guardAdministratorArns({ accountId: "222222222222", deployPrincipalArns: ["arn:aws:iam::222222222222:role/deploy"] })).toStrictEqual([
    "arn:aws:iam::222222222222:role/deploy",
    "arn:aws:iam::222222222222:root",
  ]);
});
