import { EcrLifecyclePolicy } from "@cdktf/provider-aws/lib/ecr-lifecycle-policy";
import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import { EcrRepositoryPolicy } from "@cdktf/provider-aws/lib/ecr-repository-policy";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { lifecyclePolicyRules, lifecycleRuleProblems, renderLifecyclePolicy, type LifecycleRule } from "./lifecycle-rules";
import type { PolicyDocument } from "../policy-document";
import { repositoryPolicy } from "./repository-policy";

export interface RegistryRepositoryProps {
  /** Repository name as ECR shows it, e.g. `demo-api` or `team/demo-api`. */
  readonly name: string;
  /** Whether a pushed tag may later point at another image. */
  readonly tagMutability: "MUTABLE" | "IMMUTABLE";
  /**
   * Server-side encryption of the images.
   * @default { type: "AES256" }
   */
  readonly encryption?: { readonly type: "AES256" } | { readonly type: "KMS"; readonly kmsKeyArn: string };
  /** Which images expire or are archived. At least one rule; validated against ECR's constraints. */
  readonly lifecycleRules: readonly LifecycleRule[];
  /**
   * Tag patterns (e.g. `deployed-*`) whose images no lifecycle rule expires or archives: rendered as
   * the first rules of the policy, so `lifecycleRules` must use priorities above them.
   * @default [] (no protection rule)
   */
  readonly protectedTagPatterns?: readonly string[];
  /**
   * Roles allowed to pull.
   * @default [] (no repository policy)
   */
  readonly pullPrincipalArns?: readonly string[];
  /**
   * Deny pulls by every principal not in `pullPrincipalArns`.
   * @default false
   */
  readonly exclusivePull?: boolean;
  /**
   * Resources the repository policy must wait for: ECR rejects a policy naming a principal that does not exist yet.
   * @default [] (the pull principals already exist)
   */
  readonly policyDependsOn?: readonly ITerraformDependable[];
  /**
   * Let `terraform destroy` delete the repository with its images.
   * @default false
   */
  readonly forceDelete?: boolean;
  /**
   * Refuse any plan that destroys the repository (Terraform `prevent_destroy`).
   * @default false
   */
  readonly preventDestroy?: boolean;
}

/** An ECR repository that scans on push, with its lifecycle policy and (when it grants pulls) its repository policy. */
export class RegistryRepository extends Construct {
  readonly repository: EcrRepository;
  /** The repository policy as evaluated by IAM, or `undefined` when none is attached. */
  readonly policy: PolicyDocument | undefined;

  constructor(scope: Construct, id: string, props: RegistryRepositoryProps) {
    super(scope, id);
    const lifecycleRules = lifecyclePolicyRules(props.protectedTagPatterns ?? [], props.lifecycleRules);
    const problems = lifecycleRuleProblems(lifecycleRules);
    if (props.lifecycleRules.length === 0 || problems.length > 0) {
      const protections = (props.protectedTagPatterns ?? []).length;
      const place = (index: number) => (index < protections ? `protectedTagPatterns[${index}]` : `lifecycleRules[${index - protections}]`);
      const details = problems.map((p) => `${place(p.index)}.${p.field}: ${p.message}`);
      throw new Error(`${this.node.path}: invalid lifecycle rules:\n  ${details.join("\n  ") || "expected at least one rule"}`);
    }

    const encryption = props.encryption ?? { type: "AES256" };
    this.repository = new EcrRepository(this, "repository", {
      name: props.name,
      imageTagMutability: props.tagMutability,
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfiguration: [
        encryption.type === "KMS" ? { encryptionType: "KMS", kmsKey: encryption.kmsKeyArn } : { encryptionType: "AES256" },
      ],
      forceDelete: props.forceDelete ?? false,
      lifecycle: { preventDestroy: props.preventDestroy ?? false },
    });

    new EcrLifecyclePolicy(this, "lifecycle-policy", {
      repository: this.repository.name,
      policy: renderLifecyclePolicy(lifecycleRules),
    });

    this.policy = repositoryPolicy({ pullPrincipalArns: props.pullPrincipalArns ?? [], exclusivePull: props.exclusivePull });
    if (this.policy) {
      new EcrRepositoryPolicy(this, "repository-policy", {
        repository: this.repository.name,
        policy: JSON.stringify(this.policy),
        ...(props.policyDependsOn?.length && { dependsOn: [...props.policyDependsOn] }),
      });
    }
  }
}
