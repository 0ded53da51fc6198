variable "name" {
  type = string
}

variable "account_id" {
  type = string
}

variable "kms_key_arn" {
  type = string
}

variable "raw_retention_days" {
  description = "Expiration days of the raw zone's pages by \"client/source\" (see modules/raw_retention)."
  type        = map(number)
}

variable "raw_backstop_days" {
  description = "Expiration days of raw pages under no configured source."
  type        = number
}

variable "quarantine_retention_days" {
  type = number
}

locals {
  # zones: raw/, curated/ and quarantine/ under one root (DIF_ZONES_ROOT = s3://<zones>/zones);
  # artifacts: the Glue jar and script, client files, Glue temporary files.
  buckets = {
    zones     = "${var.name}-zones-${var.account_id}"
    artifacts = "${var.name}-artifacts-${var.account_id}"
  }
}

resource "aws_s3_bucket" "this" {
  for_each = local.buckets
  bucket   = each.value
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  for_each = aws_s3_bucket.this
  bucket   = each.value.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = var.kms_key_arn
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_public_access_block" "this" {
  for_each                = aws_s3_bucket.this
  bucket                  = each.value.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "this" {
  for_each = aws_s3_bucket.this
  bucket   = each.value.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

data "aws_iam_policy_document" "tls_only" {
  for_each = aws_s3_bucket.this

  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [each.value.arn, "${each.value.arn}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "this" {
  for_each = aws_s3_bucket.this
  bucket   = each.value.id
  policy   = data.aws_iam_policy_document.tls_only[each.key].json

  depends_on = [aws_s3_bucket_public_access_block.this]
}

# Versioning protects the artifacts (a bad jar can be rolled back). The zones are not versioned:
# Iceberg keeps its own snapshots, and erasure must really delete.
resource "aws_s3_bucket_versioning" "artifacts" {
  bucket = aws_s3_bucket.this["artifacts"].id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "zones" {
  bucket = aws_s3_bucket.this["zones"].id

  # the raw store commits a run with its manifest; an upload cut off midway must not linger
  rule {
    id     = "abort-incomplete-multipart-upload"
    status = "Enabled"
    filter {}
    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }

  # one rule per client source (its raw_retention), and a backstop over the whole raw zone that
  # is the longest of them: S3 applies the shortest of overlapping expirations
  dynamic "rule" {
    for_each = var.raw_retention_days
    content {
      id     = "raw-retention-${replace(rule.key, "/", "-")}"
      status = "Enabled"
      filter {
        prefix = "zones/raw/${rule.key}/"
      }
      expiration {
        days = rule.value
      }
    }
  }

  rule {
    id     = "raw-retention-backstop"
    status = "Enabled"
    filter {
      prefix = "zones/raw/"
    }
    expiration {
      days = var.raw_backstop_days
    }
  }

  dynamic "rule" {
    for_each = var.quarantine_retention_days == null ? [] : [var.quarantine_retention_days]
    content {
      id     = "quarantine-retention"
      status = "Enabled"
      filter {
        prefix = "zones/quarantine/"
      }
      expiration {
        days = rule.value
      }
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "artifacts" {
  bucket = aws_s3_bucket.this["artifacts"].id

  rule {
    id     = "abort-incomplete-multipart-upload"
    status = "Enabled"
    filter {}
    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
    noncurrent_version_expiration {
      noncurrent_days = 90
    }
  }

  rule {
    id     = "glue-temporary-files"
    status = "Enabled"
    filter {
      prefix = "glue/tmp/"
    }
    expiration {
      days = 7
    }
  }
}

output "zones_bucket" {
  value = aws_s3_bucket.this["zones"].id
}

output "zones_bucket_arn" {
  value = aws_s3_bucket.this["zones"].arn
}

output "artifacts_bucket" {
  value = aws_s3_bucket.this["artifacts"].id
}

output "artifacts_bucket_arn" {
  value = aws_s3_bucket.this["artifacts"].arn
}
