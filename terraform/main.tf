data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition

  # Adding a client is adding a YAML file: every conf/clients/*.yaml with an enabled schedule
  # block gets a schedule. The keys and defaults are those of ScheduleConfig in core.
  client_files      = fileset(var.clients_dir, "*.yaml")
  clients           = { for file in local.client_files : trimsuffix(file, ".yaml") => yamldecode(file(format("%s/%s", var.clients_dir, file))) }
  scheduled_clients = [for client in values(local.clients) : client if try(client.schedule.enabled, true) && try(client.schedule.cron, null) != null]
  schedules = {
    for client in local.scheduled_clients : client.client => {
      expression              = format("cron(%s)", join(" ", compact(split(" ", client.schedule.cron))))
      time_zone               = try(client.schedule.time_zone, "UTC")
      flexible_window_minutes = try(client.schedule.flexible_window_minutes, null)
    }
  }

  zones_root       = "s3://${module.zones.zones_bucket}/zones"
  conf_dir         = "s3://${module.zones.artifacts_bucket}/conf/clients"
  control_store    = "dynamodb:${module.control_table.table_name}?region=${var.region}"
  alert_target     = "sns:${module.alerts.topic_arn}"
  curated_prefixes = ["zones/curated/*"]
}

module "kms" {
  source     = "./modules/kms"
  name       = var.name
  region     = var.region
  account_id = local.account_id
  partition  = local.partition
}

module "raw_retention" {
  source       = "./modules/raw_retention"
  clients      = local.clients
  default_days = var.raw_retention_days
}

module "alert_targets" {
  source     = "./modules/alert_targets"
  clients    = local.clients
  account_id = local.account_id
  partition  = local.partition
}

module "zones" {
  source                    = "./modules/zones"
  name                      = var.name
  account_id                = local.account_id
  kms_key_arn               = module.kms.key_arn
  raw_retention_days        = module.raw_retention.days_by_source
  raw_backstop_days         = module.raw_retention.backstop_days
  quarantine_retention_days = var.quarantine_retention_days
}

module "control_table" {
  source      = "./modules/control_table"
  name        = var.name
  kms_key_arn = module.kms.key_arn
}

module "redis" {
  source                 = "./modules/redis"
  name                   = var.name
  vpc_id                 = var.vpc_id
  subnet_ids             = var.private_subnet_ids
  node_type              = var.redis_node_type
  kms_key_arn            = module.kms.key_arn
  client_security_groups = [module.extractor.security_group_id, module.glue.security_group_id]
}

module "alerts" {
  source              = "./modules/alerts"
  name                = var.name
  kms_key_arn         = module.kms.key_arn
  alert_email         = var.alert_email
  state_machine_arn   = module.orchestration.state_machine_arn
  extractor_log_group = module.extractor.log_group_name
}

module "extractor" {
  source               = "./modules/extractor"
  name                 = var.name
  region               = var.region
  vpc_id               = var.vpc_id
  image                = var.extractor_image
  cpu                  = var.extractor_cpu
  memory               = var.extractor_memory
  log_retention_days   = var.log_retention_days
  kms_key_arn          = module.kms.key_arn
  zones_bucket_arn     = module.zones.zones_bucket_arn
  artifacts_bucket_arn = module.zones.artifacts_bucket_arn
  control_table_arn    = module.control_table.table_arn
  redis_secret_arn     = module.redis.url_secret_arn
  alert_topic_arn      = module.alerts.topic_arn
  client_alert_targets = module.alert_targets
  environment = {
    DIF_ZONES_ROOT    = local.zones_root
    DIF_CONF_DIR      = local.conf_dir
    DIF_CATALOG       = "glue"
    DIF_CONTROL_STORE = local.control_store
    DIF_KMS_KEY_ID    = module.kms.key_arn
    DIF_ALERT_TARGET  = local.alert_target
  }
}

module "redshift" {
  source                 = "./modules/redshift"
  name                   = var.name
  settings               = var.redshift
  subnet_ids             = var.private_subnet_ids
  vpc_id                 = var.vpc_id
  kms_key_arn            = module.kms.key_arn
  zones_bucket_arn       = module.zones.zones_bucket_arn
  curated_prefixes       = local.curated_prefixes
  client_security_groups = [module.glue.security_group_id]
}

module "glue" {
  source                 = "./modules/glue"
  name                   = var.name
  region                 = var.region
  account_id             = local.account_id
  partition              = local.partition
  vpc_id                 = var.vpc_id
  subnet_id              = var.private_subnet_ids[0]
  kms_key_arn            = module.kms.key_arn
  artifacts_bucket       = module.zones.artifacts_bucket
  artifacts_bucket_arn   = module.zones.artifacts_bucket_arn
  zones_bucket_arn       = module.zones.zones_bucket_arn
  control_table_arn      = module.control_table.table_arn
  redis_secret_arn       = module.redis.url_secret_arn
  alert_topic_arn        = module.alerts.topic_arn
  client_alert_targets   = module.alert_targets
  redshift_role_arn      = module.redshift.copy_role_arn
  redshift_resource_arns = module.redshift.resource_arns
  script_key             = var.glue_script_key
  jar_key                = var.glue_jar_key
  worker_type            = var.glue_worker_type
  transform_workers      = var.glue_transform_workers
  load_workers           = var.glue_load_workers
  max_concurrent_runs    = var.max_concurrent_clients
  timeouts               = var.stage_timeouts
  profile_arguments = {
    "--zones-root"       = local.zones_root
    "--conf-dir"         = local.conf_dir
    "--catalog"          = "glue"
    "--control-store"    = local.control_store
    "--kms-key-id"       = module.kms.key_arn
    "--redis-url-secret" = module.redis.url_secret_arn
    "--alert-target"     = local.alert_target
  }
  load_arguments = {
    "--redshift-url"      = module.redshift.jdbc_url
    "--redshift-iam-role" = module.redshift.copy_role_arn
    "--redshift-write"    = var.redshift_write
  }
  warehouse_credential = var.warehouse_credential
}

module "orchestration" {
  source              = "./modules/orchestration"
  name                = var.name
  region              = var.region
  kms_key_arn         = module.kms.key_arn
  log_retention_days  = var.log_retention_days
  cluster_arn         = module.extractor.cluster_arn
  task_definition_arn = module.extractor.task_definition_arn
  task_family         = module.extractor.task_family
  container_name      = module.extractor.container_name
  task_role_arns      = [module.extractor.task_role_arn, module.extractor.execution_role_arn]
  subnet_ids          = var.private_subnet_ids
  security_group_id   = module.extractor.security_group_id
  transform_job_name  = module.glue.transform_job_name
  load_job_name       = module.glue.load_job_name
  glue_job_arns       = module.glue.job_arns
  alert_topic_arn     = module.alerts.topic_arn
  timeouts            = var.stage_timeouts
  retry               = var.retry
}

module "schedules" {
  source            = "./modules/schedules"
  name              = var.name
  state_machine_arn = module.orchestration.state_machine_arn
  kms_key_arn       = module.kms.key_arn
  schedules         = local.schedules
}
