variable "name" {
  type = string
}

variable "region" {
  type = string
}

variable "vpc_id" {
  type = string
}

variable "image" {
  type = string
}

variable "cpu" {
  type = number
}

variable "memory" {
  type = number
}

variable "log_retention_days" {
  type = number
}

variable "kms_key_arn" {
  type = string
}

variable "zones_bucket_arn" {
  type = string
}

variable "artifacts_bucket_arn" {
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

variable "environment" {
  description = "The deployment profile as DIF_* environment variables (no secret: those come from Secrets Manager)."
  type        = map(string)
}

locals {
  container_name = "extractor"
}

resource "aws_ecs_cluster" "dif" {
  name = var.name

  setting {
    name  = "containerInsights"
    value = "enabled"
  }
}

resource "aws_cloudwatch_log_group" "extractor" {
  name              = "/dif/${var.name}/extractor"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn
}

resource "aws_security_group" "extractor" {
  name        = "${var.name}-extractor"
  description = "DIF extractor tasks: outbound only (platform APIs, AWS endpoints, Redis)"
  vpc_id      = var.vpc_id
}

resource "aws_vpc_security_group_egress_rule" "extractor_https" {
  security_group_id = aws_security_group.extractor.id
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
}

resource "aws_vpc_security_group_egress_rule" "extractor_redis" {
  security_group_id = aws_security_group.extractor.id
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "tcp"
  from_port         = 6379
  to_port           = 6379
}

resource "aws_ecs_task_definition" "extractor" {
  family                   = "${var.name}-extractor"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.cpu
  memory                   = var.memory
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task.arn

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }

  # The state machine sets the command: ["extract", "--client", C, "--from", D, "--to", D].
  container_definitions = jsonencode([{
    name       = local.container_name
    image      = var.image
    essential  = true
    entryPoint = ["java", "-jar", "/app/dif-extractor.jar"]
    environment = [for key in sort(keys(var.environment)) : {
      name  = key
      value = var.environment[key]
    }]
    secrets = [{
      name      = "DIF_REDIS_URL"
      valueFrom = var.redis_secret_arn
    }]
    stopTimeout = 120
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.extractor.name
        awslogs-region        = var.region
        awslogs-stream-prefix = "extract"
      }
    }
  }])
}

data "aws_iam_policy_document" "ecs_tasks_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
  }
}

# Execution role: pull the image, write its logs, read the Redis secret for the container.
resource "aws_iam_role" "execution" {
  name               = "${var.name}-extractor-execution"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
}

resource "aws_iam_role_policy_attachment" "execution" {
  role       = aws_iam_role.execution.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

data "aws_iam_policy_document" "execution" {
  statement {
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [var.redis_secret_arn]
  }
  statement {
    actions   = ["kms:Decrypt"]
    resources = [var.kms_key_arn]
  }
}

resource "aws_iam_role_policy" "execution" {
  name   = "redis-secret"
  role   = aws_iam_role.execution.id
  policy = data.aws_iam_policy_document.execution.json
}

# Task role: what the extractor itself does: write raw documents, read client files, keep
# document states in the control table, wrap credential keys with the project key, alert.
resource "aws_iam_role" "task" {
  name               = "${var.name}-extractor-task"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
}

data "aws_iam_policy_document" "task" {
  statement {
    sid       = "RawZone"
    actions   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"]
    resources = ["${var.zones_bucket_arn}/zones/raw/*"]
  }
  statement {
    sid       = "ListRawZone"
    actions   = ["s3:ListBucket"]
    resources = [var.zones_bucket_arn]
    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = ["zones/raw/*", "zones/raw"]
    }
  }
  statement {
    sid       = "ClientFiles"
    actions   = ["s3:GetObject"]
    resources = ["${var.artifacts_bucket_arn}/conf/clients/*"]
  }
  statement {
    sid       = "ListClientFiles"
    actions   = ["s3:ListBucket"]
    resources = [var.artifacts_bucket_arn]
    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = ["conf/clients/*", "conf/clients"]
    }
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
}

resource "aws_iam_role_policy" "task" {
  name   = "extractor"
  role   = aws_iam_role.task.id
  policy = data.aws_iam_policy_document.task.json
}

output "cluster_arn" {
  value = aws_ecs_cluster.dif.arn
}

output "task_definition_arn" {
  value = aws_ecs_task_definition.extractor.arn
}

output "task_family" {
  value = aws_ecs_task_definition.extractor.family
}

output "container_name" {
  value = local.container_name
}

output "task_role_arn" {
  value = aws_iam_role.task.arn
}

output "execution_role_arn" {
  value = aws_iam_role.execution.arn
}

output "security_group_id" {
  value = aws_security_group.extractor.id
}

output "log_group_name" {
  value = aws_cloudwatch_log_group.extractor.name
}
