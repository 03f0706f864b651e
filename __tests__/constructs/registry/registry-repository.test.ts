import { Testing, TerraformStack } from "cdktf";
import { RegistryRepository, type RegistryRepositoryProps } from "../../../constructs/registry/registry-repository";
import { onlyResource } from "../../support/synth";

const baseProps: RegistryRepositoryProps = {
  name: "demo-api",
  tagMutability: "IMMUTABLE",
  accountId: "222222222222",
  deployRoleArn: "arn:aws:iam::222222222222:role/demo-api-prod-github-deploy",
  lifecycleRules: [{ rulePriority: 1, tagStatus: "untagged", countType: "sinceImagePushed", countNumber: 7 }],
};

function synthRepository(props: Partial<RegistryRepositoryProps>) {
  const stack = new TerraformStack(Testing.app(), "test");
  new RegistryRepository(stack, "repo", { ...baseProps, ...props });
  return JSON.parse(Testing.synth(stack));
}

describe("RegistryRepository", () => {
  it("encrypts with the given KMS key", () => {
    const kmsKeyArn = "arn:aws:kms:ap-northeast-1:222222222222:key/0f8e6c2a-1b3d-4e5f-8a9b-0c1d2e3f4a5b";
    const repository = onlyResource(synthRepository({ encryption: { type: "KMS", kmsKeyArn } }), "aws_ecr_repository");
    expect(repository.encryption_configuration).toEqual([{ encryption_type: "KMS", kms_key: kmsKeyArn }]);
  });

  it("attaches a repository policy that grants the deploy role its push even when nobody pulls and nothing is guarded", () => {
    const policy = JSON.parse(onlyResource(synthRepository({}), "aws_ecr_repository_policy").policy);
    expect(policy.Statement.map((s: { Sid: string }) => s.Sid)).toEqual(["AllowDeployRolePush"]);
  });

  it("attaches a repository policy that waits for nothing: it names no principal that must exist", () => {
    const tf = synthRepository({ pullPrincipalArns: ["arn:aws:iam::222222222222:role/not-created-yet"], guard: { administratorArns: [] } });
    expect(onlyResource(tf, "aws_ecr_repository_policy").depends_on).toBeUndefined();
  });

  it("defaults to keeping images on destroy and allowing destroy", () => {
    const repository = onlyResource(synthRepository({}), "aws_ecr_repository");
    expect(repository.force_delete).toBe(false);
    expect(repository.lifecycle).toEqual({ prevent_destroy: false });
  });

  it("refuses rules ECR would reject, naming the construct and the rule", () => {
    const rules = [...baseProps.lifecycleRules, { ...baseProps.lifecycleRules[0], rulePriority: 2 }];
    expect(() => synthRepository({ lifecycleRules: rules })).toThrow(
      /test\/repo: invalid lifecycle rules:\n {2}lifecycleRules\[1\]\.tagStatus: lifecycleRules\[0\] already selects untagged standard images/,
    );
  });

  it("refuses an empty rule list: untagged images would pile up", () => {
    expect(() => synthRepository({ lifecycleRules: [] })).toThrow(/expected at least one rule/);
  });
});
