/** How Node loads the JavaScript of this file: by extension, else the nearest package.json "type". */
export declare function moduleFormat(filename: string): 'module' | 'commonjs';
