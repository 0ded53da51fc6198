output "zones_root" {
  description = "DIF_ZONES_ROOT / --zones-root of this deployment."
  value       = local.zones_root
}

output "artifacts_bucket" {
  description = "Bucket to upload the artifacts to (see README: Glue jar and script, client files)."
  value       = module.zones.artifacts_bucket
}

output "control_table" {
  description = "DynamoDB control table (DIF_CONTROL_STORE)."
  value       = local.control_store
}

output "kms_key_arn" {
  description = "The project key (DIF_KMS_KEY_ID)."
  value       = module.kms.key_arn
}

output "state_machine_arn" {
  description = "Start an execution with {\"client\": ..., \"from\": ..., \"to\": ..., \"reprocess\": ...}."
  value       = module.orchestration.state_machine_arn
}

output "alerts_topic_arn" {
  description = "SNS topic of alerts (state machine failures, CloudWatch alarms, DIF's own alerts)."
  value       = module.alerts.topic_arn
}

output "redshift_jdbc_url" {
  description = "The warehouse (--redshift-url)."
  value       = module.redshift.jdbc_url
}

output "schedules" {
  description = "Client => schedule expression of every enabled client schedule."
  value       = { for client, schedule in local.schedules : client => format("%s %s", schedule.expression, schedule.time_zone) }
}

output "extractor_log_group" {
  description = "CloudWatch log group of the extractor tasks."
  value       = module.extractor.log_group_name
}
