variable "name" {
  type = string
}

variable "vpc_id" {
  type = string
}

variable "subnet_ids" {
  type = list(string)
}

variable "node_type" {
  type = string
}

variable "kms_key_arn" {
  type = string
}

variable "client_security_groups" {
  description = "Security groups of the processes that use Redis (extractor tasks, Glue jobs)."
  type        = list(string)
}

resource "aws_security_group" "redis" {
  name        = "${var.name}-redis"
  description = "DIF Redis: reachable from the extractor and the Glue jobs only"
  vpc_id      = var.vpc_id
}

resource "aws_vpc_security_group_ingress_rule" "redis" {
  for_each                     = toset(var.client_security_groups)
  security_group_id            = aws_security_group.redis.id
  referenced_security_group_id = each.value
  ip_protocol                  = "tcp"
  from_port                    = 6379
  to_port                      = 6379
}

resource "aws_elasticache_subnet_group" "redis" {
  name       = "${var.name}-redis"
  subnet_ids = var.subnet_ids
}

resource "random_password" "auth_token" {
  length  = 64
  special = false
}

# Rate limits and run locks shared by every worker. TLS in transit and at rest; AUTH token.
resource "aws_elasticache_replication_group" "redis" {
  replication_group_id       = "${var.name}-redis"
  description                = "DIF rate limits and run locks"
  engine                     = "valkey"
  engine_version             = "8.0"
  node_type                  = var.node_type
  num_cache_clusters         = 2
  automatic_failover_enabled = true
  multi_az_enabled           = true
  port                       = 6379
  subnet_group_name          = aws_elasticache_subnet_group.redis.name
  security_group_ids         = [aws_security_group.redis.id]
  transit_encryption_enabled = true
  at_rest_encryption_enabled = true
  kms_key_id                 = var.kms_key_arn
  auth_token                 = random_password.auth_token.result
  auth_token_update_strategy = "ROTATE"
}

# The whole URL is the secret: ECS injects it as DIF_REDIS_URL, Glue reads it by ARN
# (--redis-url-secret) because job arguments are logged.
resource "aws_secretsmanager_secret" "redis_url" {
  name        = "${var.name}/redis-url"
  description = "DIF Redis URL with its AUTH token (rediss://:TOKEN@host:port)"
  kms_key_id  = var.kms_key_arn
}

resource "aws_secretsmanager_secret_version" "redis_url" {
  secret_id     = aws_secretsmanager_secret.redis_url.id
  secret_string = "rediss://:${random_password.auth_token.result}@${aws_elasticache_replication_group.redis.primary_endpoint_address}:6379"
}

output "url_secret_arn" {
  value = aws_secretsmanager_secret.redis_url.arn
}
