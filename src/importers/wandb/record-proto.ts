/**
 * The part of `wandb_internal.Record` (wandb/proto/wandb_internal.proto) we read from `.wandb` logs.
 * Only fields we use are declared; everything else (telemetry, files, stats, output, environment…)
 * is skipped by the decoder, which is what keeps logs from newer SDKs readable.
 */
import protobuf from 'protobufjs';

const RECORD_PROTO = `
syntax = "proto3";
package wandb_internal;

message Record {
  int64 num = 1;
  oneof record_type {
    HistoryRecord history = 2;
    SummaryRecord summary = 3;
    ConfigRecord config = 5;
    RunRecord run = 17;
    RunExitRecord exit = 18;
  }
}

message HistoryStep { int64 num = 1; }
message HistoryItem { string key = 1; repeated string nested_key = 2; string value_json = 16; }
message HistoryRecord { repeated HistoryItem item = 1; HistoryStep step = 2; }

message SummaryItem { string key = 1; repeated string nested_key = 2; string value_json = 16; }
message SummaryRecord { repeated SummaryItem update = 1; repeated SummaryItem remove = 2; }

message ConfigItem { string key = 1; repeated string nested_key = 2; string value_json = 16; }
message ConfigRecord { repeated ConfigItem update = 1; repeated ConfigItem remove = 2; }

message Timestamp { int64 seconds = 1; int32 nanos = 2; }
message GitRepoRecord { string remote_url = 1; string commit = 2; }

message RunRecord {
  string run_id = 1;
  string entity = 2;
  string project = 3;
  ConfigRecord config = 4;
  SummaryRecord summary = 5;
  string run_group = 6;
  string job_type = 7;
  string display_name = 8;
  string notes = 9;
  repeated string tags = 10;
  string sweep_id = 12;
  int64 starting_step = 14;
  Timestamp start_time = 17;
  bool resumed = 18;
  GitRepoRecord git = 21;
  bool shared_mode = 25;
}

message RunExitRecord { int32 exit_code = 1; int32 runtime = 2; }
`;

const root = protobuf.parse(RECORD_PROTO, { keepCase: true }).root;
const RecordType = root.lookupType('wandb_internal.Record');

export interface KeyedItem {
  key?: string;
  nested_key?: string[];
  value_json?: string;
}

export interface WandbRunRecord {
  run_id?: string;
  entity?: string;
  project?: string;
  config?: { update?: KeyedItem[]; remove?: KeyedItem[] };
  summary?: { update?: KeyedItem[]; remove?: KeyedItem[] };
  run_group?: string;
  job_type?: string;
  display_name?: string;
  notes?: string;
  tags?: string[];
  sweep_id?: string;
  starting_step?: number;
  start_time?: { seconds: number; nanos: number };
  resumed?: boolean;
  git?: { remote_url?: string; commit?: string };
  shared_mode?: boolean;
}

export interface WandbRecord {
  history?: { item: KeyedItem[]; step?: { num: number } };
  summary?: { update: KeyedItem[]; remove: KeyedItem[] };
  config?: { update: KeyedItem[]; remove: KeyedItem[] };
  run?: WandbRunRecord;
  exit?: { exit_code: number; runtime: number };
}

/**
 * Decodes one log payload to plain objects (int64 → number). Absent message fields stay absent;
 * absent scalars get proto3 defaults (0, '', false). Throws on malformed bytes.
 */
export function decodeRecord(data: Uint8Array): WandbRecord {
  const message = RecordType.decode(data);
  return RecordType.toObject(message, { longs: Number, arrays: true, defaults: false }) as WandbRecord;
}

/** The item's key: nested keys joined with dots, as the W&B UI shows them. */
export function itemKey(item: KeyedItem): string {
  return item.nested_key && item.nested_key.length > 0 ? item.nested_key.join('.') : item.key ?? '';
}
