"""Writes torch_like.p<N>.pkl for N in 0..5: the pickle torch.save would write at pickle_protocol=N for
{'model': OrderedDict(w=<float32 tensor [2, 3] in storage '0'>), 'args': Namespace(model='X', amp=False),
'epoch': 3}, made with Python's own pickler and stand-ins for torch.FloatStorage and
torch._utils._rebuild_tensor_v2 (same modules and names, so the opcodes match torch's). Python 3.11."""
import argparse, collections, io, pickle, sys, types

torch, utils = types.ModuleType('torch'), types.ModuleType('torch._utils')
sys.modules.update({'torch': torch, 'torch._utils': utils})
class FloatStorage: pass
FloatStorage.__module__ = 'torch'
torch.FloatStorage = FloatStorage
def _rebuild_tensor_v2(*args): return args
_rebuild_tensor_v2.__module__ = 'torch._utils'
utils._rebuild_tensor_v2 = _rebuild_tensor_v2

class Storage: pass
class Tensor:
    def __reduce_ex__(self, protocol):  # as torch.Tensor._reduce_ex_internal for a CPU tensor
        return (_rebuild_tensor_v2, (Storage(), 0, (2, 3), (3, 1), False, collections.OrderedDict()))

class Pickler(pickle.Pickler):
    def persistent_id(self, obj):  # as torch.serialization._save's persistent_id
        return ('storage', FloatStorage, '0', 'cpu', 6) if isinstance(obj, Storage) else None

state = collections.OrderedDict(w=Tensor())
ckpt = {'model': state, 'args': argparse.Namespace(model='X', amp=False), 'epoch': 3}
for protocol in range(6):
    buf = io.BytesIO()
    Pickler(buf, protocol=protocol).dump(ckpt)
    with open(f'torch_like.p{protocol}.pkl', 'wb') as f:
        f.write(buf.getvalue())
