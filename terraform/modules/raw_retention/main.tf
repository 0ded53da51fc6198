# The raw zone's S3 expiration per client source, read from the client files: a source's
# raw_retention (ISO-8601 years, months, weeks, days; a year counts 365 days and a month 30, so
# S3 never keeps a page longer than the period) or, without one, the deployment's default.
# `dif retention run` is the authority and reports what it deletes; these rules are the backstop
# that deletes raw pages even when no retention run happens. Pure: no provider, no resource, so
# deploy/ tests evaluate it with `terraform console`.

variable "clients" {
  description = "The decoded client files (yamldecode of conf/clients/*.yaml), by client id."
  type        = any
}

variable "default_days" {
  description = "Days a raw page is kept when its source sets no raw_retention."
  type        = number
}

locals {
  none   = {}
  period = "^P(?:([0-9]+)Y)?(?:([0-9]+)M)?(?:([0-9]+)W)?(?:([0-9]+)D)?$"
  days_by_source = merge(concat([local.none], [
    for id, client in var.clients : {
      for name, source in try(client.sources, local.none) : format("%s/%s", id, name) => (
        try(source.raw_retention, null) == null ? var.default_days : sum([
          for i, unit in [365, 30, 7, 1] :
          tonumber(coalesce(regex(local.period, source.raw_retention)[i], "0")) * unit
        ])
      )
    }
  ])...)
  # S3 applies the shortest of overlapping expirations: the rule over the whole raw zone is the
  # longest, so it only reaches pages of no configured source (a client removed from the files)
  all_days      = concat([var.default_days], values(local.days_by_source))
  backstop_days = max(local.all_days...)
}

output "days_by_source" {
  description = "Expiration days by \"client/source\" (the raw zone's prefix raw/<client>/<source>/)."
  value       = local.days_by_source
}

output "backstop_days" {
  description = "Days for raw pages of no configured source: the longest of all."
  value       = local.backstop_days
}
