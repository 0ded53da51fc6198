variable "name" {
  type = string
}

variable "region" {
  type = string
}

variable "kms_key_arn" {
  type = string
}

variable "log_retention_days" {
  type = number
}

variable "cluster_arn" {
  type = string
}

variable "task_definition_arn" {
  type = string
}

variable "task_family" {
  type = string
}

variable "container_name" {
  type = string
}

variable "task_role_arns" {
  description = "Task and execution roles of the extractor (passed to ECS by the state machine)."
  type        = list(string)
}

variable "subnet_ids" {
  type = list(string)
}

variable "security_group_id" {
  type = string
}

variable "transform_job_name" {
  type = string
}

variable "load_job_name" {
  type = string
}

variable "glue_job_arns" {
  type = list(string)
}

variable "alert_topic_arn" {
  type = string
}

variable "timeouts" {
  type = object({
    extract   = number
    transform = number
    load      = number
  })
}

variable "retry" {
  type = object({
    interval_seconds  = number
    backoff_rate      = number
    max_delay_seconds = number
    max_attempts      = number
  })
}

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  # every stage may use all its attempts, each up to its timeout, plus the longest waits
  stage_seconds             = var.timeouts.extract + var.timeouts.transform + var.timeouts.load
  execution_timeout_seconds = (var.retry.max_attempts + 1) * local.stage_seconds + 3 * var.retry.max_attempts * var.retry.max_delay_seconds

  definition = templatefile("${path.module}/state-machine.asl.json", {
    region                    = var.region
    cluster_arn               = var.cluster_arn
    task_definition_arn       = var.task_definition_arn
    container_name            = var.container_name
    subnet_ids                = jsonencode(var.subnet_ids)
    security_group_id         = var.security_group_id
    transform_job_name        = var.transform_job_name
    load_job_name             = var.load_job_name
    alert_topic_arn           = var.alert_topic_arn
    extract_timeout_seconds   = var.timeouts.extract
    transform_timeout_seconds = var.timeouts.transform
    load_timeout_seconds      = var.timeouts.load
    execution_timeout_seconds = local.execution_timeout_seconds
    retry_interval_seconds    = var.retry.interval_seconds
    retry_backoff_rate        = var.retry.backoff_rate
    retry_max_delay_seconds   = var.retry.max_delay_seconds
    retry_max_attempts        = var.retry.max_attempts
  })
}

resource "aws_cloudwatch_log_group" "state_machine" {
  name              = "/aws/vendedlogs/states/${var.name}-pipeline"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn
}

# One execution per client run (Standard: exactly-once stages, up to a year, full history).
resource "aws_sfn_state_machine" "pipeline" {
  name       = "${var.name}-pipeline"
  type       = "STANDARD"
  role_arn   = aws_iam_role.state_machine.arn
  definition = local.definition

  logging_configuration {
    log_destination        = "${aws_cloudwatch_log_group.state_machine.arn}:*"
    include_execution_data = false
    level                  = "ERROR"
  }

  tracing_configuration {
    enabled = true
  }

  encryption_configuration {
    type                              = "CUSTOMER_MANAGED_KMS_KEY"
    kms_key_id                        = var.kms_key_arn
    kms_data_key_reuse_period_seconds = 300
  }
}

data "aws_iam_policy_document" "states_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["states.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

resource "aws_iam_role" "state_machine" {
  name               = "${var.name}-pipeline"
  assume_role_policy = data.aws_iam_policy_document.states_assume.json
}

data "aws_iam_policy_document" "state_machine" {
  statement {
    sid       = "RunExtractor"
    actions   = ["ecs:RunTask"]
    resources = ["arn:${local.partition}:ecs:${var.region}:${local.account_id}:task-definition/${var.task_family}:*"]
    condition {
      test     = "ArnEquals"
      variable = "ecs:cluster"
      values   = [var.cluster_arn]
    }
  }
  statement {
    sid       = "WatchExtractor"
    actions   = ["ecs:StopTask", "ecs:DescribeTasks"]
    resources = ["arn:${local.partition}:ecs:${var.region}:${local.account_id}:task/*"]
    condition {
      test     = "ArnEquals"
      variable = "ecs:cluster"
      values   = [var.cluster_arn]
    }
  }
  statement {
    sid       = "PassExtractorRoles"
    actions   = ["iam:PassRole"]
    resources = var.task_role_arns
    condition {
      test     = "StringEquals"
      variable = "iam:PassedToService"
      values   = ["ecs-tasks.amazonaws.com"]
    }
  }
  statement {
    sid       = "SyncIntegrationRule"
    actions   = ["events:PutTargets", "events:PutRule", "events:DescribeRule"]
    resources = ["arn:${local.partition}:events:${var.region}:${local.account_id}:rule/StepFunctionsGetEventsForECSTaskRule"]
  }
  statement {
    sid       = "RunGlueJobs"
    actions   = ["glue:StartJobRun", "glue:GetJobRun", "glue:GetJobRuns", "glue:BatchStopJobRun"]
    resources = var.glue_job_arns
  }
  statement {
    sid       = "Alert"
    actions   = ["sns:Publish"]
    resources = [var.alert_topic_arn]
  }
  statement {
    sid       = "ProjectKey"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [var.kms_key_arn]
  }
  # CloudWatch Logs log delivery and X-Ray do not support resource-level permissions
  statement {
    sid = "ExecutionLogsAndTraces"
    actions = ["logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery", "logs:DeleteLogDelivery",
      "logs:ListLogDeliveries", "logs:PutResourcePolicy", "logs:DescribeResourcePolicies", "logs:DescribeLogGroups",
    "xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets"]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "state_machine" {
  name   = "pipeline"
  role   = aws_iam_role.state_machine.id
  policy = data.aws_iam_policy_document.state_machine.json
}

output "state_machine_arn" {
  value = aws_sfn_state_machine.pipeline.arn
}

output "state_machine_name" {
  value = aws_sfn_state_machine.pipeline.name
}
