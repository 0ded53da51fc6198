variable "name" {
  type = string
}

variable "region" {
  type = string
}

variable "account_id" {
  type = string
}

variable "partition" {
  type = string
}

variable "vpc_id" {
  type = string
}

variable "subnet_id" {
  type = string
}

variable "kms_key_arn" {
  type = string
}

variable "artifacts_bucket" {
  type = string
}

variable "artifacts_bucket_arn" {
  type = string
}

variable "zones_bucket_arn" {
  type = string
}

variable "control_table_arn" {
  type = string
}

variable "redis_secret_arn" {
  type = string
}

variable "alert_topic_arn" {
  type = string
}

variable "client_alert_targets" {
  description = "What the clients' own alert targets need: sns_topic_arns and ses_identity_arns (modules/alert_targets)."
  type = object({
    sns_topic_arns    = list(string)
    ses_identity_arns = list(string)
  })
}

variable "redshift_role_arn" {
  type = string
}

variable "redshift_resource_arns" {
  description = "Redshift resources the load job may get credentials for (GetClusterCredentials / GetCredentials)."
  type        = list(string)
}

variable "script_key" {
  type = string
}

variable "jar_key" {
  type = string
}

variable "worker_type" {
  type = string
}

variable "transform_workers" {
  type = number
}

variable "load_workers" {
  type = number
}

variable "max_concurrent_runs" {
  type = number
}

variable "timeouts" {
  type = object({
    extract   = number
    transform = number
    load      = number
  })
}

variable "profile_arguments" {
  description = "The deployment profile as Glue --key value arguments (no secret: job arguments are logged)."
  type        = map(string)
}

variable "load_arguments" {
  description = "The warehouse settings of the load job."
  type        = map(string)
}

variable "warehouse_credential" {
  description = "Credential holding the warehouse user:password, or null (IAM)."
  type        = string
}

locals {
  # Glue 5.0 runs a Scala/Java job as: the script at script_location, compiled by Glue, and the
  # class named by --class from the classpath (--extra-jars). The script only documents that;
  # the entry points are Java mains in the shaded jar.
  common_arguments = {
    "--job-language"                     = "scala"
    "--extra-jars"                       = "s3://${var.artifacts_bucket}/${var.jar_key}"
    "--user-jars-first"                  = "true"
    "--datalake-formats"                 = "iceberg"
    "--job-bookmark-option"              = "job-bookmark-disable"
    "--TempDir"                          = "s3://${var.artifacts_bucket}/glue/tmp/"
    "--enable-metrics"                   = "true"
    "--enable-continuous-cloudwatch-log" = "true"
    "--enable-observability-metrics"     = "true"
  }
  jobs = {
    transform = {
      class     = "io.dif.glue.TransformJob"
      workers   = var.transform_workers
      timeout   = var.timeouts.transform
      arguments = var.profile_arguments
    }
    load = {
      class   = "io.dif.glue.LoadJob"
      workers = var.load_workers
      timeout = var.timeouts.load
      arguments = merge(var.profile_arguments, var.load_arguments,
      var.warehouse_credential == null ? {} : { "--warehouse-credential" = var.warehouse_credential })
    }
  }
}

resource "aws_glue_catalog_database" "curated" {
  name        = replace("${var.name}_curated", "-", "_")
  description = "DIF curated Iceberg tables (curated.CLIENT.DATASET)"
}

resource "aws_glue_data_catalog_encryption_settings" "catalog" {
  data_catalog_encryption_settings {
    connection_password_encryption {
      return_connection_password_encrypted = true
      aws_kms_key_id                       = var.kms_key_arn
    }
    encryption_at_rest {
      catalog_encryption_mode = "SSE-KMS"
      sse_aws_kms_key_id      = var.kms_key_arn
    }
  }
}

resource "aws_glue_security_configuration" "dif" {
  name = var.name

  encryption_configuration {
    cloudwatch_encryption {
      cloudwatch_encryption_mode = "SSE-KMS"
      kms_key_arn                = var.kms_key_arn
    }
    job_bookmarks_encryption {
      job_bookmarks_encryption_mode = "CSE-KMS"
      kms_key_arn                   = var.kms_key_arn
    }
    s3_encryption {
      s3_encryption_mode = "SSE-KMS"
      kms_key_arn        = var.kms_key_arn
    }
  }
}

# Glue workers need a self-referencing security group to talk to each other; the connection
# puts them in the VPC so they reach Redis and Redshift.
resource "aws_security_group" "glue" {
  name        = "${var.name}-glue"
  description = "DIF Glue jobs"
  vpc_id      = var.vpc_id
}

resource "aws_vpc_security_group_ingress_rule" "glue_self" {
  security_group_id            = aws_security_group.glue.id
  referenced_security_group_id = aws_security_group.glue.id
  ip_protocol                  = "-1"
}

resource "aws_vpc_security_group_egress_rule" "glue_all" {
  security_group_id = aws_security_group.glue.id
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "-1"
}

data "aws_subnet" "glue" {
  id = var.subnet_id
}

resource "aws_glue_connection" "vpc" {
  name            = "${var.name}-vpc"
  connection_type = "NETWORK"

  physical_connection_requirements {
    availability_zone      = data.aws_subnet.glue.availability_zone
    subnet_id              = var.subnet_id
    security_group_id_list = [aws_security_group.glue.id]
  }
}

resource "aws_glue_job" "stage" {
  for_each = local.jobs

  name                    = "${var.name}-${each.key}"
  role_arn                = aws_iam_role.glue.arn
  glue_version            = "5.0"
  worker_type             = var.worker_type
  number_of_workers       = each.value.workers
  timeout                 = ceil(each.value.timeout / 60)
  max_retries             = 0
  security_configuration  = aws_glue_security_configuration.dif.name
  connections             = [aws_glue_connection.vpc.name]
  job_run_queuing_enabled = true

  command {
    name            = "glueetl"
    script_location = "s3://${var.artifacts_bucket}/${var.script_key}"
  }

  execution_property {
    max_concurrent_runs = var.max_concurrent_runs
  }

  default_arguments = merge(local.common_arguments, each.value.arguments, {
    "--class" = each.value.class
  })
}

data "aws_iam_policy_document" "glue_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["glue.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "glue" {
  name               = "${var.name}-glue"
  assume_role_policy = data.aws_iam_policy_document.glue_assume.json
}

# The Glue service role (ENIs in the VPC, its own logs and metrics).
resource "aws_iam_role_policy_attachment" "glue_service" {
  role       = aws_iam_role.glue.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSGlueServiceRole"
}

data "aws_iam_policy_document" "glue" {
  statement {
    sid       = "Zones"
    actions   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"]
    resources = ["${var.zones_bucket_arn}/zones/*"]
  }
  statement {
    sid       = "ListZones"
    actions   = ["s3:ListBucket", "s3:GetBucketLocation"]
    resources = [var.zones_bucket_arn]
  }
  statement {
    sid       = "Artifacts"
    actions   = ["s3:GetObject"]
    resources = ["${var.artifacts_bucket_arn}/glue/*", "${var.artifacts_bucket_arn}/conf/clients/*"]
  }
  statement {
    sid       = "GlueTemporaryFiles"
    actions   = ["s3:PutObject", "s3:DeleteObject"]
    resources = ["${var.artifacts_bucket_arn}/glue/tmp/*"]
  }
  statement {
    sid       = "ListArtifacts"
    actions   = ["s3:ListBucket"]
    resources = [var.artifacts_bucket_arn]
  }
  statement {
    sid = "CuratedCatalog"
    actions = ["glue:GetDatabase", "glue:GetTable", "glue:GetTables", "glue:CreateTable", "glue:UpdateTable",
    "glue:DeleteTable", "glue:GetPartitions", "glue:BatchGetPartition"]
    resources = [
      "arn:${var.partition}:glue:${var.region}:${var.account_id}:catalog",
      aws_glue_catalog_database.curated.arn,
      "arn:${var.partition}:glue:${var.region}:${var.account_id}:table/${aws_glue_catalog_database.curated.name}/*",
    ]
  }
  statement {
    sid = "ControlTable"
    actions = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem",
    "dynamodb:Query", "dynamodb:BatchGetItem", "dynamodb:BatchWriteItem", "dynamodb:TransactWriteItems", "dynamodb:ConditionCheckItem", "dynamodb:DescribeTable"]
    resources = [var.control_table_arn, "${var.control_table_arn}/index/*"]
  }
  statement {
    sid       = "ProjectKey"
    actions   = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey"]
    resources = [var.kms_key_arn]
  }
  statement {
    sid       = "RedisUrl"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [var.redis_secret_arn]
  }
  statement {
    sid       = "Alerts"
    actions   = ["sns:Publish"]
    resources = concat([var.alert_topic_arn], var.client_alert_targets.sns_topic_arns)
  }
  dynamic "statement" {
    for_each = length(var.client_alert_targets.ses_identity_arns) > 0 ? [1] : []
    content {
      sid       = "AlertEmails"
      actions   = ["ses:SendEmail"]
      resources = var.client_alert_targets.ses_identity_arns
    }
  }
  statement {
    sid       = "WarehouseCredentials"
    actions   = ["redshift:GetClusterCredentials", "redshift-serverless:GetCredentials"]
    resources = var.redshift_resource_arns
  }
  statement {
    sid       = "PassCopyRole"
    actions   = ["iam:PassRole"]
    resources = [var.redshift_role_arn]
  }
  statement {
    sid       = "EncryptedLogs"
    actions   = ["logs:AssociateKmsKey"]
    resources = ["arn:${var.partition}:logs:${var.region}:${var.account_id}:log-group:/aws-glue/*"]
  }
}

resource "aws_iam_role_policy" "glue" {
  name   = "dif-stages"
  role   = aws_iam_role.glue.id
  policy = data.aws_iam_policy_document.glue.json
}

output "transform_job_name" {
  value = aws_glue_job.stage["transform"].name
}

output "load_job_name" {
  value = aws_glue_job.stage["load"].name
}

output "job_arns" {
  value = [for job in aws_glue_job.stage : job.arn]
}

output "security_group_id" {
  value = aws_security_group.glue.id
}

output "catalog_database" {
  value = aws_glue_catalog_database.curated.name
}
