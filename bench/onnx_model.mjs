// A one-node ONNX model (ModelProto bytes) built by hand, so the benchmark needs no converter and no model file:
// protobuf is a few wire types, and the ONNX fields used here are fixed by onnx/onnx.proto.
//   onnxModel('AveragePool', [8, 64, 56, 56], [8, 64, 54, 54], {kernel_shape: [3, 3], strides: [1, 1]})

const enc = new TextEncoder();

function varint(n) {
  const out = [];
  let v = BigInt(n);
  if (v < 0n) v += 1n << 64n;
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v !== 0n) byte |= 0x80;
    out.push(byte);
  } while (v !== 0n);
  return out;
}

const key = (field, wire) => varint((field << 3) | wire);
const int = (field, n) => [...key(field, 0), ...varint(n)];
const bytes = (field, b) => [...key(field, 2), ...varint(b.length), ...b];
const str = (field, s) => bytes(field, [...enc.encode(s)]);

// AttributeProto: name 1, type 20 (INT 2, INTS 7), i 3, ints 8
function attribute(name, value) {
  if (Array.isArray(value)) return [...str(1, name), ...value.flatMap(v => int(8, v)), ...int(20, 7)];
  return [...str(1, name), ...int(3, value), ...int(20, 2)];
}

// ValueInfoProto: name 1, type 2 → TypeProto.tensor_type 1 → elem_type 1 (FLOAT = 1), shape 2 → dim 1 → dim_value 1
function valueInfo(name, shape) {
  const dims = shape.flatMap(d => bytes(1, int(1, d)));
  const tensorType = [...int(1, 1), ...bytes(2, dims)];
  return [...str(1, name), ...bytes(2, bytes(1, tensorType))];
}

/** ModelProto (IR 8, opset 17) of y = op(x, attributes). */
export function onnxModel(op, inShape, outShape, attributes = {}) {
  // NodeProto: input 1, output 2, name 3, op_type 4, attribute 5
  const node = [
    ...str(1, 'x'),
    ...str(2, 'y'),
    ...str(3, 'n'),
    ...str(4, op),
    ...Object.entries(attributes).flatMap(([k, v]) => bytes(5, attribute(k, v))),
  ];
  // GraphProto: node 1, name 2, input 11, output 12
  const graph = [
    ...bytes(1, node),
    ...str(2, 'g'),
    ...bytes(11, valueInfo('x', inShape)),
    ...bytes(12, valueInfo('y', outShape)),
  ];
  // ModelProto: ir_version 1, graph 7, opset_import 8 (OperatorSetIdProto: domain 1, version 2)
  return new Uint8Array([...int(1, 8), ...bytes(7, graph), ...bytes(8, [...str(1, ''), ...int(2, 17)])]);
}
