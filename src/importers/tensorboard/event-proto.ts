/**
 * The part of TensorBoard's `tensorboard.Event` schema we read, written from the field tables of
 * tensorboard/compat/proto/{event,summary,tensor}.proto and plugins/hparams/api.proto (proto3).
 * Fields we do not list are skipped by the decoder, so newer writers still decode.
 */
import protobuf from 'protobufjs';

const EVENT_PROTO = `
syntax = "proto3";
package tensorboard;

message Event {
  double wall_time = 1;
  int64 step = 2;
  oneof what {
    string file_version = 3;
    bytes graph_def = 4;
    Summary summary = 5;
    SessionLog session_log = 7;
    bytes meta_graph_def = 9;
  }
}

message SessionLog {
  enum SessionStatus { STATUS_UNSPECIFIED = 0; START = 1; STOP = 2; CHECKPOINT = 3; }
  SessionStatus status = 1;
  string checkpoint_path = 2;
  string msg = 3;
}

message Summary {
  message Image { int32 height = 1; int32 width = 2; }
  message Audio { float sample_rate = 1; }
  message Value {
    string tag = 1;
    string node_name = 7;
    SummaryMetadata metadata = 9;
    oneof value {
      float simple_value = 2;
      bytes obsolete_old_style_histogram = 3;
      Image image = 4;
      HistogramProto histo = 5;
      Audio audio = 6;
      TensorProto tensor = 8;
    }
  }
  repeated Value value = 1;
}

message HistogramProto { double min = 1; double max = 2; double num = 3; }

message SummaryMetadata {
  message PluginData { string plugin_name = 1; bytes content = 2; }
  PluginData plugin_data = 1;
  string display_name = 2;
  string summary_description = 3;
  int32 data_class = 4;
}

message TensorShapeProto {
  message Dim { int64 size = 1; string name = 2; }
  repeated Dim dim = 2;
  bool unknown_rank = 3;
}

message TensorProto {
  int32 dtype = 1;
  TensorShapeProto tensor_shape = 2;
  bytes tensor_content = 4;
  repeated float float_val = 5 [packed = true];
  repeated double double_val = 6 [packed = true];
  repeated int32 int_val = 7 [packed = true];
  repeated bytes string_val = 8;
  repeated int64 int64_val = 10 [packed = true];
}

// hparams plugin (plugins/hparams/plugin_data.proto, api.proto)
message HParamsPluginData {
  int32 version = 1;
  oneof data {
    bytes experiment = 2;
    SessionStartInfo session_start_info = 3;
    SessionEndInfo session_end_info = 4;
  }
}

message SessionStartInfo {
  map<string, Value> hparams = 1;
  string model_uri = 2;
  string monitor_url = 3;
  string group_name = 4;
  double start_time_secs = 5;
}

message SessionEndInfo {
  int32 status = 1;
  double end_time_secs = 2;
}

// google.protobuf.Value, inlined so the schema stays one self-contained text.
message Value {
  oneof kind {
    int32 null_value = 1;
    double number_value = 2;
    string string_value = 3;
    bool bool_value = 4;
    Struct struct_value = 5;
    ListValue list_value = 6;
  }
}
message Struct { map<string, Value> fields = 1; }
message ListValue { repeated Value values = 1; }
`;

const root = protobuf.parse(EVENT_PROTO, { keepCase: true }).root;
const EventType = root.lookupType('tensorboard.Event');
const HParamsType = root.lookupType('tensorboard.HParamsPluginData');

export const DT_FLOAT = 1;
export const DT_DOUBLE = 2;
export const DATA_CLASS_SCALAR = 1;

/** SessionEndInfo.status values of the hparams plugin. */
export const HPARAMS_STATUS = { unknown: 0, success: 1, failure: 2, running: 3 } as const;

/** protobufjs gives int64 as Long objects (the `long` package) or numbers. */
type Int64 = number | { toNumber(): number };

export interface TensorProto {
  dtype?: number;
  tensor_shape?: { dim?: { size?: Int64 }[]; unknown_rank?: boolean };
  tensor_content?: Uint8Array;
  float_val?: number[];
  double_val?: number[];
}

export interface SummaryValue {
  tag?: string;
  metadata?: { plugin_data?: { plugin_name?: string; content?: Uint8Array }; data_class?: number };
  simple_value?: number;
  obsolete_old_style_histogram?: Uint8Array;
  image?: object;
  histo?: object;
  audio?: object;
  tensor?: TensorProto;
}

export interface TfEvent {
  wall_time: number;
  step: number;
  file_version?: string;
  graph_def?: Uint8Array;
  meta_graph_def?: Uint8Array;
  summary?: { value?: SummaryValue[] };
  session_log?: { status?: number };
}

export interface ProtoValue {
  null_value?: number;
  number_value?: number;
  string_value?: string;
  bool_value?: boolean;
  struct_value?: { fields?: Record<string, ProtoValue> };
  list_value?: { values?: ProtoValue[] };
}

export interface HParamsPluginData {
  session_start_info?: { hparams?: Record<string, ProtoValue>; start_time_secs?: number; group_name?: string };
  session_end_info?: { status?: number; end_time_secs?: number };
}

export function int64ToNumber(value: Int64 | undefined): number {
  if (value === undefined || value === null) return 0;
  return typeof value === 'number' ? value : value.toNumber();
}

/** Decodes one Event; throws (protobufjs errors) on malformed bytes. Missing step / wall_time are 0. */
export function decodeEvent(data: Uint8Array): TfEvent {
  const message = EventType.decode(data) as unknown as Record<string, unknown>;
  return {
    ...(message as unknown as TfEvent),
    wall_time: typeof message.wall_time === 'number' ? message.wall_time : 0,
    step: int64ToNumber(message.step as Int64 | undefined),
  };
}

export function decodeHParamsPluginData(content: Uint8Array): HParamsPluginData {
  return HParamsType.decode(content) as unknown as HParamsPluginData;
}

/** google.protobuf.Value → plain JS value. */
export function protoValueToJs(value: ProtoValue | undefined): unknown {
  if (!value) return null;
  // Decoded messages carry proto3 defaults on their prototype: only own properties were on the wire.
  const has = (key: keyof ProtoValue): boolean => Object.prototype.hasOwnProperty.call(value, key);
  if (has('number_value')) return value.number_value;
  if (has('string_value')) return value.string_value;
  if (has('bool_value')) return value.bool_value;
  if (has('struct_value') && value.struct_value) {
    return Object.fromEntries(Object.entries(value.struct_value.fields ?? {}).map(([k, v]) => [k, protoValueToJs(v)]));
  }
  if (has('list_value') && value.list_value) return (value.list_value.values ?? []).map(protoValueToJs);
  return null;
}
