variable "name" {
  type = string
}

variable "kms_key_arn" {
  type = string
}

# Exactly the table io.dif.control.DynamoDbTables creates: pk/sk, the five string attributes,
# two sparse GSIs on document heads sorted by docOrder, projecting everything.
resource "aws_dynamodb_table" "control" {
  name         = "${var.name}-control"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "pk"
  range_key    = "sk"

  attribute {
    name = "pk"
    type = "S"
  }

  attribute {
    name = "sk"
    type = "S"
  }

  attribute {
    name = "docClient"
    type = "S"
  }

  attribute {
    name = "docClientState"
    type = "S"
  }

  attribute {
    name = "docOrder"
    type = "S"
  }

  global_secondary_index {
    name            = "by-client"
    hash_key        = "docClient"
    range_key       = "docOrder"
    projection_type = "ALL"
  }

  global_secondary_index {
    name            = "by-client-state"
    hash_key        = "docClientState"
    range_key       = "docOrder"
    projection_type = "ALL"
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = var.kms_key_arn
  }

  deletion_protection_enabled = true
}

output "table_name" {
  value = aws_dynamodb_table.control.name
}

output "table_arn" {
  value = aws_dynamodb_table.control.arn
}
