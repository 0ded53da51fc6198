variable "name" {
  description = "Name of this deployment; prefixes every resource (lower-case letters, digits and '-')."
  type        = string
  default     = "dif"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}$", var.name))
    error_message = "name must be 2-31 lower-case letters, digits and '-', starting with a letter."
  }
}

variable "region" {
  description = "AWS region of the deployment."
  type        = string
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}

variable "vpc_id" {
  description = "VPC of the extractor tasks, Glue connection, Redis and Redshift."
  type        = string
}

variable "private_subnet_ids" {
  description = "Private subnets (with a NAT gateway or VPC endpoints for S3, DynamoDB, KMS, Secrets Manager, Logs, ECR and the ad-platform APIs)."
  type        = list(string)
}

variable "clients_dir" {
  description = "Folder of the client YAML files; one schedule per client file whose schedule block is enabled. The same files are uploaded to the artifacts bucket under conf/clients/."
  type        = string
  default     = "../conf/clients"
}

variable "extractor_image" {
  description = "Extractor container image (ECR URI with tag or digest) holding /app/dif-extractor.jar."
  type        = string
}

variable "extractor_cpu" {
  description = "Fargate CPU units of an extractor task."
  type        = number
  default     = 1024
}

variable "extractor_memory" {
  description = "Fargate memory (MiB) of an extractor task."
  type        = number
  default     = 2048
}

variable "glue_jar_key" {
  description = "Key in the artifacts bucket of the shaded Glue jar (glue-jobs/target/dif-glue-jobs-*-glue.jar)."
  type        = string
  default     = "glue/dif-glue-jobs.jar"
}

variable "glue_script_key" {
  description = "Key in the artifacts bucket of the Glue script (glue-jobs/src/main/glue/dif-glue-entry.scala)."
  type        = string
  default     = "glue/dif-glue-entry.scala"
}

variable "glue_worker_type" {
  description = "Glue worker type of the transform and load jobs."
  type        = string
  default     = "G.1X"
}

variable "glue_transform_workers" {
  description = "Number of Glue workers of the transform job."
  type        = number
  default     = 4
}

variable "glue_load_workers" {
  description = "Number of Glue workers of the load job."
  type        = number
  default     = 2
}

variable "max_concurrent_clients" {
  description = "Runs of the transform and load jobs at once (the bound on clients processed together); further runs wait in Glue's job-run queue."
  type        = number
  default     = 4
}

variable "stage_timeouts" {
  description = "Seconds each stage may run before the state machine times it out (and alerts)."
  type = object({
    extract   = number
    transform = number
    load      = number
  })
  default = {
    extract   = 7200
    transform = 7200
    load      = 3600
  }
}

variable "retry" {
  description = "Retries of a stage that exits 75 (retriable): first interval, backoff rate, cap and attempts; each wait is drawn uniformly from 0 to the backed-off interval (full jitter)."
  type = object({
    interval_seconds  = number
    backoff_rate      = number
    max_delay_seconds = number
    max_attempts      = number
  })
  default = {
    interval_seconds  = 60
    backoff_rate      = 2
    max_delay_seconds = 900
    max_attempts      = 4
  }
}

variable "raw_retention_days" {
  description = "Days raw documents of a source without raw_retention in its client file are kept before S3 expires them (GDPR retention of the source payloads); a source's raw_retention sets its own."
  type        = number
  default     = 400
}

variable "quarantine_retention_days" {
  description = "Days after which S3 expires quarantine files; null keeps them (quarantine is an Iceberg table: prefer `dif retention run`, which rewrites the table, see README)."
  type        = number
  default     = null
}

variable "log_retention_days" {
  description = "Retention of the CloudWatch log groups."
  type        = number
  default     = 90
}

variable "redis_node_type" {
  description = "ElastiCache node type."
  type        = string
  default     = "cache.t4g.small"
}

variable "redshift" {
  description = "The warehouse: create a Redshift Serverless namespace and workgroup (existing_endpoint null), or use an existing cluster or workgroup: its endpoint host, database and the ARN the load may get credentials for (a cluster dbuser or workgroup ARN)."
  type = object({
    existing_endpoint     = optional(string)
    existing_resource_arn = optional(string)
    database              = optional(string, "dif")
    base_capacity         = optional(number, 8)
    admin_username        = optional(string, "dif_admin")
  })
  default = {}
}

variable "redshift_write" {
  description = "How the load writes to Redshift: copy (COPY from the curated files) or connector (the spark-redshift connector Glue ships)."
  type        = string
  default     = "copy"

  validation {
    condition     = contains(["copy", "connector"], var.redshift_write)
    error_message = "redshift_write must be copy or connector."
  }
}

variable "warehouse_credential" {
  description = "Credential (of client _deployment in the encrypted store) holding the warehouse user:password; null lets Redshift take the user from IAM."
  type        = string
  default     = null
}

variable "alert_email" {
  description = "Address subscribed to the alerts topic (it must confirm the subscription); null subscribes nobody."
  type        = string
  default     = null
}
