import { EcrLifecyclePolicy } from "@cdktf/provider-aws/lib/ecr-lifecycle-policy";
import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import { EcrRepositoryPolicy } from "@cdktf/provider-aws/lib/ecr-repository-policy";
import { Construct } from "constructs";
import { lifecyclePolicyRules, lifecycleRuleProblems, renderLifecyclePolicy, type LifecycleRule } from "./lifecycle-rules";
import type { PolicyDocument } from "../policy-document";
import { repositoryPolicy, type RepositoryGuard } from "./repository-policy";

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
  /** The account that owns the repository. */
  readonly accountId: string;
  /**
   * Tag patterns (e.g. `deployed-*`) whose images no lifecycle rule expires or archives: rendered as
   * the first rules of the policy, so `lifecycleRules` must use priorities above them.
   * @default [] (no protection rule)
   */
  readonly protectedTagPatterns?: readonly string[];
  /**
   * Roles allowed to pull.
   * @default []
   */
  readonly pullPrincipalArns?: readonly string[];
  /** The GitHub deploy role, which pushes (and pulls while pushing). It need not exist yet. */
  readonly deployRoleArn: string;
  /**
   * Deny pulls by every principal but `pullPrincipalArns`, the deploy role and the scanner.
   * @default true where `guard` is set, false elsewhere
   */
  readonly exclusivePull?: boolean;
  /**
   * Which scanner pulls images (enhanced: Amazon Inspector's service-linked role).
   * @default "basic"
   */
  readonly scanning?: "basic" | "enhanced";
  /**
   * Reserve pushes to the deploy role, and changes and deletions to these administrators (docs/security.md).
   * @default undefined (no guard)
   */
  readonly guard?: RepositoryGuard;
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

/** An ECR repository that scans on push, with its lifecycle policy and its repository policy (the deploy role's push, pulls, guards). */
export class RegistryRepository extends Construct {
  readonly repository: EcrRepository;
  /** The repository policy as evaluated by IAM. */
  readonly policy: PolicyDocument;

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

    // One reference for both policies: each read of `.name` creates a token, and cdktf records a full stack trace per token.
    const repositoryName = this.repository.name;
    new EcrLifecyclePolicy(this, "lifecycle-policy", {
      repository: repositoryName,
      policy: renderLifecyclePolicy(lifecycleRules),
    });

    this.policy = repositoryPolicy({ ...props, pullPrincipalArns: props.pullPrincipalArns ?? [] });
    new EcrRepositoryPolicy(this, "repository-policy", { repository: repositoryName, policy: JSON.stringify(this.policy) });
  }
}
