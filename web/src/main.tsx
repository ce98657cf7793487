import { render } from 'preact';

render(<main><h1>Bản Số</h1></main>, document.getElementById('app')!);
