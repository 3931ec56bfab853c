// The two helpers tsc emits for a decorated class (`__decorate`, `__metadata`), so the bench's
// servers declare tools exactly as compiled user code does and no transpiler runs at start-up.

const __decorate = (decorators, target, key, desc) => {
  let d = desc;
  for (let i = decorators.length - 1; i >= 0; i--) d = decorators[i](target, key, d) || d;
  if (key !== undefined && d) Object.defineProperty(target, key, d);
  return d;
};
const __metadata = (k, v) => Reflect.metadata(k, v);

module.exports = { __decorate, __metadata };
