variable "name" {
  type = string
}

variable "kms_key_arn" {
  type = string
}

variable "alert_email" {
  type = string
}

variable "state_machine_arn" {
  type = string
}

variable "extractor_log_group" {
  type = string
}

# Every alert goes here: the state machine's Catch (client, stage, error, execution link), the
# alarms below, and DIF's own alerts (DIF_ALERT_TARGET / --alert-target sns:ARN).
resource "aws_sns_topic" "alerts" {
  name              = "${var.name}-alerts"
  kms_master_key_id = var.kms_key_arn
}

resource "aws_sns_topic_subscription" "email" {
  count     = var.alert_email == null ? 0 : 1
  topic_arn = aws_sns_topic.alerts.arn
  protocol  = "email"
  endpoint  = var.alert_email
}

locals {
  execution_alarms = {
    ExecutionsFailed   = "an execution failed (a stage failed for good; its alert names client and stage)"
    ExecutionsTimedOut = "an execution ran past its TimeoutSeconds"
    ExecutionsAborted  = "an execution was stopped"
    ExecutionThrottled = "Step Functions throttled state transitions"
  }
}

resource "aws_cloudwatch_metric_alarm" "executions" {
  for_each            = local.execution_alarms
  alarm_name          = "${var.name}-pipeline-${each.key}"
  alarm_description   = "DIF pipeline: ${each.value}"
  namespace           = "AWS/States"
  metric_name         = each.key
  dimensions          = { StateMachineArn = var.state_machine_arn }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alerts.arn]
  ok_actions          = [aws_sns_topic.alerts.arn]
}

# The extractor logs one line per error (ERROR level); more than none in 5 minutes alarms.
resource "aws_cloudwatch_log_metric_filter" "extractor_errors" {
  name           = "${var.name}-extractor-errors"
  log_group_name = var.extractor_log_group
  pattern        = "ERROR"

  metric_transformation {
    name          = "ExtractorErrors"
    namespace     = "DIF/${var.name}"
    value         = "1"
    default_value = "0"
  }
}

resource "aws_cloudwatch_metric_alarm" "extractor_errors" {
  alarm_name          = "${var.name}-extractor-errors"
  alarm_description   = "DIF extractor logged errors (see the log group ${var.extractor_log_group})"
  namespace           = "DIF/${var.name}"
  metric_name         = "ExtractorErrors"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alerts.arn]
}

output "topic_arn" {
  value = aws_sns_topic.alerts.arn
}
