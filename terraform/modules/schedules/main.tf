variable "name" {
  type = string
}

variable "state_machine_arn" {
  type = string
}

variable "kms_key_arn" {
  type = string
}

variable "schedules" {
  description = "Client => { expression, time_zone, flexible_window_minutes } of every enabled client schedule."
  type = map(object({
    expression              = string
    time_zone               = string
    flexible_window_minutes = number
  }))
}

resource "aws_scheduler_schedule_group" "clients" {
  name = "${var.name}-clients"
}

# One schedule per enabled client, starting an execution {"client": C}: the incremental run.
resource "aws_scheduler_schedule" "client" {
  for_each = var.schedules

  name                         = each.key
  group_name                   = aws_scheduler_schedule_group.clients.name
  schedule_expression          = each.value.expression
  schedule_expression_timezone = each.value.time_zone
  kms_key_arn                  = var.kms_key_arn

  flexible_time_window {
    mode                      = each.value.flexible_window_minutes == null ? "OFF" : "FLEXIBLE"
    maximum_window_in_minutes = each.value.flexible_window_minutes
  }

  # the Step Functions templated target: StartExecution with this input
  target {
    arn      = var.state_machine_arn
    role_arn = aws_iam_role.scheduler.arn
    input    = jsonencode({ client = each.key })

    retry_policy {
      maximum_event_age_in_seconds = 3600
      maximum_retry_attempts       = 5
    }
  }
}

data "aws_iam_policy_document" "scheduler_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["scheduler.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "scheduler" {
  name               = "${var.name}-scheduler"
  assume_role_policy = data.aws_iam_policy_document.scheduler_assume.json
}

data "aws_iam_policy_document" "scheduler" {
  statement {
    actions   = ["states:StartExecution"]
    resources = [var.state_machine_arn]
  }
  statement {
    actions   = ["kms:Decrypt"]
    resources = [var.kms_key_arn]
  }
}

resource "aws_iam_role_policy" "scheduler" {
  name   = "start-pipeline"
  role   = aws_iam_role.scheduler.id
  policy = data.aws_iam_policy_document.scheduler.json
}
