import { getMetadataStorage, IsInt, IsString, Min, MinLength } from 'class-validator';
import { validateReflectively } from '../../../src/schema/reflective-validation';

/** The map class-validator scans, class by class, to find a target's inherited constraints. */
const scanned = () =>
  (getMetadataStorage() as unknown as { validationMetadatas: Map<Function, unknown[]> }).validationMetadatas;

class Order {
  @IsString() @MinLength(3) sku!: string;
  @IsInt() @Min(1) quantity!: number;
}

describe("class-validator's metadata lookups, remembered", () => {
  it('refuses a call without scanning every DTO class the process holds, however often it is called', async () => {
    await validateReflectively(Order, { sku: 'x', quantity: 0 });
    const scans = jest.spyOn(scanned(), 'entries');
    try {
      for (let call = 0; call < 20; call++) {
        const result = await validateReflectively(Order, { sku: 'x', quantity: 0 });
        expect(result.ok).toBe(false);
      }
      expect(scans).not.toHaveBeenCalled();
    } finally {
      scans.mockRestore();
    }
  });

  it('still words the violations as class-validator does', async () => {
    const result = await validateReflectively(Order, { sku: 'x', quantity: 0, extra: true });
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.violations.map((violation) => violation.message).sort()).toEqual([
      'property extra should not exist',
      'quantity must not be less than 1',
      'sku must be longer than or equal to 3 characters',
    ]);
  });

  it('sees constraints declared after the first call, on a new class and on one inheriting from it', async () => {
    expect((await validateReflectively(Order, { sku: 'abc', quantity: 1 })).ok).toBe(true);
    class GiftOrder extends Order {
      @IsString() @MinLength(1) message!: string;
    }
    const refused = await validateReflectively(GiftOrder, { sku: 'x', quantity: 1, message: '' });
    expect(refused.ok ? [] : refused.violations.map((violation) => violation.path).sort()).toEqual(['message', 'sku']);
    expect((await validateReflectively(GiftOrder, { sku: 'abc', quantity: 2, message: 'hi' })).ok).toBe(true);
  });
});
