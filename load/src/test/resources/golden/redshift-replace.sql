CREATE SCHEMA IF NOT EXISTS dif_test
CREATE TABLE IF NOT EXISTS dif_test.insights (_client VARCHAR(65535) NOT NULL, ad_id VARCHAR(65535), day DATE, spend DECIMAL(18,4), seen_at TIMESTAMP, note VARCHAR(65535), dt DATE NOT NULL, _loaded_at TIMESTAMP NOT NULL)
DROP TABLE IF EXISTS dif_stage_raw
CREATE TEMP TABLE dif_stage_raw (ad_id VARCHAR(65535), day DATE, spend DECIMAL(18,4), seen_at TIMESTAMP, note VARCHAR(65535), dt DATE)
DROP TABLE IF EXISTS dif_stage_file
CREATE TEMP TABLE dif_stage_file (ad_id VARCHAR(65535), day DATE, spend DECIMAL(18,4), seen_at TIMESTAMP, note VARCHAR(65535))
COPY dif_stage_file FROM 's3://dif-curated/curated/acme/insights/_manifests/20240103T040506789Z/dt=2024-01-01.manifest' IAM_ROLE 'arn:aws:iam::123456789012:role/dif-redshift-copy' FORMAT AS PARQUET MANIFEST
INSERT INTO dif_stage_raw (ad_id, day, spend, seen_at, note, dt) SELECT ad_id, day, spend, seen_at, note, DATE '2024-01-01' FROM dif_stage_file
DROP TABLE IF EXISTS dif_stage_file
CREATE TEMP TABLE dif_stage AS SELECT 'acme' AS _client, ad_id, day, spend, seen_at, note, dt FROM (SELECT ad_id, day, spend, seen_at, note, dt, ROW_NUMBER() OVER (PARTITION BY ad_id, day ORDER BY dt DESC) AS dif_row FROM dif_stage_raw) AS ranked WHERE dif_row = 1
DROP TABLE dif_stage_raw
BEGIN
DELETE FROM dif_test.insights WHERE _client = 'acme' AND dt IN (DATE '2024-01-01')
INSERT INTO dif_test.insights (_client, ad_id, day, spend, seen_at, note, dt, _loaded_at) SELECT _client, ad_id, day, spend, seen_at, note, dt, TIMESTAMP '2024-01-03 04:05:06.789000' FROM dif_stage
COMMIT
DROP TABLE IF EXISTS dif_stage
