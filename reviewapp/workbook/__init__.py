"""The call workbook: its format, import (parse), export and the downloadable template."""
