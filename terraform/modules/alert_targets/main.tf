# What the clients' own alert targets (alerts.target in conf/clients/*.yaml) need the stages'
# roles to be allowed: sns:Publish on their SNS topics, ses:SendEmail from their SES senders
# (the sender's address identity and its domain's: SES authorizes whichever verified it).
# Webhook and log targets need no permission. Pure: no provider, no resource, so deploy/ tests
# evaluate it with `terraform console`.

variable "clients" {
  description = "The decoded client files (yamldecode of conf/clients/*.yaml), by client id."
  type        = any
}

variable "account_id" {
  description = "The account whose SES identities send the alerts."
  type        = string
}

variable "partition" {
  description = "The AWS partition (aws, aws-cn, aws-us-gov)."
  type        = string
}

locals {
  targets = [
    for id, client in var.clients : client.alerts.target
    if try(client.alerts.target, null) != null
  ]
  sns_topic_arns = distinct([
    for target in local.targets : element(split("?", trimprefix(target, "sns:")), 0)
    if startswith(target, "sns:")
  ])
  senders = [
    for target in local.targets : {
      from   = element(regex("[?&]from=([^&]+)", target), 0)
      region = element(regex("[?&]region=([^&]+)", target), 0)
    } if startswith(target, "ses:")
  ]
  ses_identity_arns = distinct(flatten([
    for sender in local.senders : [
      format("arn:%s:ses:%s:%s:identity/%s", var.partition, sender.region, var.account_id,
      sender.from),
      format("arn:%s:ses:%s:%s:identity/%s", var.partition, sender.region, var.account_id,
      element(split("@", sender.from), 1)),
    ]
  ]))
}

output "sns_topic_arns" {
  description = "SNS topics of the clients' alert targets."
  value       = local.sns_topic_arns
}

output "ses_identity_arns" {
  description = "SES identities the clients' alert e-mails are sent from (address and domain)."
  value       = local.ses_identity_arns
}
