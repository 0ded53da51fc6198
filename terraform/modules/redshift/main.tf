variable "name" {
  type = string
}

variable "settings" {
  type = object({
    existing_endpoint     = optional(string)
    existing_resource_arn = optional(string)
    database              = optional(string, "dif")
    base_capacity         = optional(number, 8)
    admin_username        = optional(string, "dif_admin")
  })
}

variable "vpc_id" {
  type = string
}

variable "subnet_ids" {
  type = list(string)
}

variable "kms_key_arn" {
  type = string
}

variable "zones_bucket_arn" {
  type = string
}

variable "curated_prefixes" {
  description = "Key patterns of the curated zone in the zones bucket (what COPY reads)."
  type        = list(string)
}

variable "client_security_groups" {
  description = "Security groups of the processes that load (Glue jobs)."
  type        = list(string)
}

locals {
  create = var.settings.existing_endpoint == null
}

resource "aws_security_group" "redshift" {
  count       = local.create ? 1 : 0
  name        = "${var.name}-redshift"
  description = "DIF Redshift Serverless: reachable from the load job only"
  vpc_id      = var.vpc_id
}

resource "aws_vpc_security_group_ingress_rule" "redshift" {
  for_each                     = local.create ? toset(var.client_security_groups) : toset([])
  security_group_id            = aws_security_group.redshift[0].id
  referenced_security_group_id = each.value
  ip_protocol                  = "tcp"
  from_port                    = 5439
  to_port                      = 5439
}

resource "aws_redshiftserverless_namespace" "dif" {
  count                 = local.create ? 1 : 0
  namespace_name        = var.name
  db_name               = var.settings.database
  admin_username        = var.settings.admin_username
  manage_admin_password = true
  kms_key_id            = var.kms_key_arn
  iam_roles             = [aws_iam_role.copy.arn]
  default_iam_role_arn  = aws_iam_role.copy.arn
  log_exports           = ["userlog", "connectionlog", "useractivitylog"]
}

resource "aws_redshiftserverless_workgroup" "dif" {
  count                = local.create ? 1 : 0
  namespace_name       = aws_redshiftserverless_namespace.dif[0].namespace_name
  workgroup_name       = var.name
  base_capacity        = var.settings.base_capacity
  subnet_ids           = var.subnet_ids
  security_group_ids   = [aws_security_group.redshift[0].id]
  publicly_accessible  = false
  enhanced_vpc_routing = true

  config_parameter {
    parameter_key   = "require_ssl"
    parameter_value = "true"
  }
}

# The role Redshift assumes for COPY: read the curated zone, decrypt with the project key.
# With an existing cluster or workgroup, attach this role to it.
data "aws_iam_policy_document" "copy_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["redshift.amazonaws.com", "redshift-serverless.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "copy" {
  name               = "${var.name}-redshift-copy"
  assume_role_policy = data.aws_iam_policy_document.copy_assume.json
}

data "aws_iam_policy_document" "copy" {
  statement {
    sid       = "ReadCurated"
    actions   = ["s3:GetObject"]
    resources = [for prefix in var.curated_prefixes : "${var.zones_bucket_arn}/${prefix}"]
  }
  statement {
    sid       = "ListCurated"
    actions   = ["s3:ListBucket", "s3:GetBucketLocation"]
    resources = [var.zones_bucket_arn]
  }
  statement {
    sid       = "DecryptCurated"
    actions   = ["kms:Decrypt"]
    resources = [var.kms_key_arn]
  }
}

resource "aws_iam_role_policy" "copy" {
  name   = "copy-from-curated"
  role   = aws_iam_role.copy.id
  policy = data.aws_iam_policy_document.copy.json
}

output "copy_role_arn" {
  value = aws_iam_role.copy.arn
}

output "jdbc_url" {
  value = local.create ? "jdbc:redshift://${aws_redshiftserverless_workgroup.dif[0].endpoint[0].address}:5439/${var.settings.database}" : "jdbc:redshift://${var.settings.existing_endpoint}:5439/${var.settings.database}"
}

output "resource_arns" {
  description = "What the load job may get temporary credentials for."
  value       = local.create ? [aws_redshiftserverless_workgroup.dif[0].arn] : compact([var.settings.existing_resource_arn])
}
