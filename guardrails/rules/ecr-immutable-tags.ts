import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import { compliant, violation, type Rule } from "../rule";
import { terraformAttributes } from "../terraform-attributes";

/**
 * CKV_AWS_51 / AVD-AWS-0031. An error in production only: poc deliberately moves tags such as `latest`,
 * and a warning keeps that visible without a blanket suppression.
 */
export const ecrImmutableTags: Rule<EcrRepository> = {
  id: "DAR-ECR-2",
  level: (context) => (context.production ? "error" : "warning"),
  explanation: "With mutable tags a re-push silently changes what a deployed tag runs, so a rollback or an audit by tag is not reproducible.",
  fix: 'set "tagMutability": "IMMUTABLE" for the repository in config/environments.json and deploy by new tags (or digests)',
  appliesTo: (node) => node instanceof EcrRepository,
  check: (repo) => {
    const attributes = terraformAttributes(repo);
    const mutability = attributes.image_tag_mutability ?? "MUTABLE";
    return mutability === "IMMUTABLE"
      ? compliant()
      : violation(`repository "${attributes.name}" has image_tag_mutability ${String(mutability)}: an existing tag can be pointed at another image`);
  },
};
